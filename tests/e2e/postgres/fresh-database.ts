// Drops and recreates the database DATABASE_URL names (a PostgreSQL one): the two-instance e2e run starts
// from nothing, like a first deployment.
import { databaseNameOf, quoteIdentifier, withConnection, withDatabase } from "../../../lib/server/postgresql";

const url = process.env.DATABASE_URL ?? "";
if (!url.startsWith("postgres")) {
  console.error("fresh-database: DATABASE_URL must name a PostgreSQL database");
  process.exit(2);
}
const name = quoteIdentifier(databaseNameOf(url));
await withConnection(withDatabase(url, "postgres"), async (client) => {
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${name}`);
});

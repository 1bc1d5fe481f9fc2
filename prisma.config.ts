import path from "node:path";
import { defineConfig } from "prisma/config";

// For Prisma's own CLI where its native engine is available (Hopdrill's commands do not need it: README,
// "Database and migrations"). The datasource URL lives here (Prisma 7); relative file: paths resolve against
// the working directory. A postgresql:// URL selects the generated PostgreSQL schema and its migrations.
const url = process.env.DATABASE_URL ?? "file:./data/hopdrill.db";
const folder = /^postgres(?:ql)?:\/\//.test(url) ? path.join("prisma", "postgresql") : "prisma";

export default defineConfig({
  schema: path.join(folder, "schema.prisma"),
  migrations: { path: path.join(folder, "migrations") },
  datasource: { url },
});

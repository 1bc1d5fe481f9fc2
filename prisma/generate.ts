// `npm run db:generate` (also run by `npm install`): writes prisma/postgresql/schema.prisma from
// prisma/schema.prisma, then generates both Prisma clients (SQLite into lib/server/generated/prisma,
// PostgreSQL into lib/server/generated/postgresql). Needs no network: PRISMA_SCHEMA_ENGINE_BINARY points at a
// stand-in when no native schema engine is present (generate never runs it).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { postgresqlSchemaFrom, PROVIDER_LAYOUT } from "../lib/server/migrations";

const root = path.resolve(import.meta.dirname, "..");
const source = path.join(root, PROVIDER_LAYOUT.sqlite.schema);
const target = path.join(root, PROVIDER_LAYOUT.postgresql.schema);

const wanted = postgresqlSchemaFrom(fs.readFileSync(source, "utf8"));
if (!fs.existsSync(target) || fs.readFileSync(target, "utf8") !== wanted) {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, wanted);
  console.log(`Wrote ${PROVIDER_LAYOUT.postgresql.schema} from ${PROVIDER_LAYOUT.sqlite.schema}.`);
}

const prismaBin = path.join(root, "node_modules", "prisma", "build", "index.js");
const generateEnv = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || "/bin/false",
};

function generate(schema: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaBin, "generate", "--schema", schema], {
      cwd: root,
      env: generateEnv,
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma generate --schema ${schema} exited ${code}`)),
    );
  });
}

try {
  await Promise.all([generate(PROVIDER_LAYOUT.sqlite.schema), generate(PROVIDER_LAYOUT.postgresql.schema)]);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

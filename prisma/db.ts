// The command behind `npm run db:deploy | db:status | db:new -- <name> | db:seed | admin:create`.
// Runs offline through Prisma's wasm schema engine (lib/server/migrations), on the provider DATABASE_URL
// names: SQLite (prisma/migrations) or PostgreSQL (prisma/postgresql/migrations). Expected failures print a
// message and exit non-zero without a stack trace.
import fs from "node:fs";
import path from "node:path";
import {
  MigrationError,
  deployMigrations,
  migrationPathsFor,
  migrationStatus,
  newMigration,
  postgresqlSchemaFrom,
  PROVIDER_LAYOUT,
} from "../lib/server/migrations";
import { databaseProvider, parseEnv } from "../lib/schemas/env";
import { postgresBackupCommand, postgresRestoreCommand, redactedUrl } from "../lib/server/postgresql";
import { BackupError, backupDatabase, defaultBackupPath, restoreDatabase } from "../lib/server/sqlite";

const parsedEnv = parseEnv(process.env);
if (!parsedEnv.ok) {
  console.error(parsedEnv.message);
  process.exit(2);
}

const projectRoot = path.resolve(import.meta.dirname, "..");
// Relative file: URLs resolve against the working directory, as in the app (lib/server/migrations/engine.ts).
const paths = migrationPathsFor(parsedEnv.env.DATABASE_URL, projectRoot);
const provider = databaseProvider(paths.databaseUrl);
const layout = PROVIDER_LAYOUT[provider];
/** The URL as printed: a PostgreSQL password never is. */
const shownUrl = provider === "postgresql" ? redactedUrl(paths.databaseUrl) : paths.databaseUrl;

const USAGE = `usage: tsx prisma/db.ts <command>   (on the database DATABASE_URL names: SQLite or PostgreSQL)
  deploy              apply pending migrations (npm run db:deploy)
  status              compare the database with its migrations folder; exit 1 when not in sync (npm run db:status)
  new <name>          write <migrations>/<timestamp>_<name>/migration.sql from the schema (npm run db:new -- <name>)
  seed                load the built-in question sets (npm run db:seed)
  backup [file]       online backup of the database, checked (npm run db:backup -- [file])
  restore <file>      replace the database with a backup; stop the app first (npm run db:restore -- <file>)
  admin:create ...    create an admin account (npm run admin:create -- --email … [--password …])`;

function list(names: string[]): string {
  return names.map((name) => `  - ${name}`).join("\n");
}

async function deploy(): Promise<number> {
  const started = performance.now();
  const applied = await deployMigrations(paths);
  const ms = Math.round(performance.now() - started);
  if (applied.length === 0) console.log(`No pending migrations. Database ${shownUrl} is up to date (${ms} ms).`);
  else console.log(`Applied ${applied.length} migration(s) to ${shownUrl} in ${ms} ms:\n${list(applied)}`);
  return 0;
}

async function status(): Promise<number> {
  const s = await migrationStatus(paths);
  const missing = provider === "postgresql" ? " (the database does not exist yet)" : " (file does not exist yet)";
  const lines = [`Database: ${shownUrl}${s.databaseExists ? "" : missing}`];
  if (!s.hasMigrationsTable) lines.push("No migrations applied.");
  else if (s.applied.length > 0) lines.push(`Applied (${s.applied.length}):\n${list(s.applied)}`);
  if (s.failed.length > 0) {
    lines.push(
      `FAILED (${s.failed.length}):\n${list(s.failed)}\n` +
        "  A failed migration blocks deploys. Fix the database by hand, then mark it rolled back or applied " +
        "(prisma migrate resolve, where the native engine is available) or restore the database from a backup.",
    );
  }
  if (s.pending.length > 0) lines.push(`Pending (${s.pending.length}):\n${list(s.pending)}\n  Run: npm run db:deploy`);
  if (s.edited.length > 0) lines.push(`Edited after being applied (checksum differs):\n${list(s.edited)}`);
  if (s.missingLocally.length > 0) {
    lines.push(`Applied to the database but missing from ${layout.migrations}:\n${list(s.missingLocally)}`);
  }
  if (s.drift !== undefined) {
    lines.push(
      `The database differs from ${layout.schema}:\n${s.drift}\n` +
        "  If you changed the schema, run: npm run db:new -- <name>",
    );
  }
  lines.push(s.inSync ? `In sync: the database matches ${layout.migrations} and ${layout.schema}.` : "NOT in sync.");
  console.log(lines.join("\n"));
  return s.inSync ? 0 : 1;
}

async function createMigration(args: string[]): Promise<number> {
  const name = args.join(" ").trim();
  if (name === "") {
    console.error("db:new needs a name: npm run db:new -- <name>");
    return 2;
  }
  if (provider === "postgresql") writePostgresqlSchema();
  const result = await newMigration({ name, ...paths });
  if (!result.created) {
    console.log(`No changes: ${layout.schema} matches the existing migrations. Nothing written.`);
    return 0;
  }
  console.log(
    `Created ${path.relative(process.cwd(), path.join(result.directory, "migration.sql"))}\n` +
      "Review it, commit it, then apply it with: npm run db:deploy",
  );
  return 0;
}

/** The PostgreSQL schema is generated from prisma/schema.prisma: bring it up to date before diffing it. */
function writePostgresqlSchema(): void {
  const source = path.join(projectRoot, PROVIDER_LAYOUT.sqlite.schema);
  const wanted = postgresqlSchemaFrom(fs.readFileSync(source, "utf8"));
  if (fs.readFileSync(paths.schemaPath, "utf8") === wanted) return;
  fs.writeFileSync(paths.schemaPath, wanted);
  console.log(`Wrote ${layout.schema} from ${PROVIDER_LAYOUT.sqlite.schema}; commit it with the migration.`);
}

/** Seeding and admin:create use the shared Prisma client; close it so the file is released before exit. */
async function disconnect(): Promise<void> {
  const db = await import("../lib/server/db");
  await db.disconnectPrisma();
}

async function seed(): Promise<number> {
  const { runSeed } = await import("../lib/server/authoring/seed");
  try {
    const summary = await runSeed();
    console.log(`Seeded ${shownUrl}${summary === undefined ? "" : `: ${JSON.stringify(summary)}`}`);
  } finally {
    await disconnect();
  }
  return 0;
}

async function adminCreate(argv: string[]): Promise<number> {
  const { adminCreateCommand } = await import("../lib/server/setup/admin-cli");
  try {
    return await adminCreateCommand(argv);
  } finally {
    await disconnect();
  }
}

/** PostgreSQL backups are pg_dump's and pg_restore's job: say so, with the command to run. */
function postgresBackupAdvice(command: "backup" | "restore", args: string[]): number {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..+$/, "").replace("T", "-");
  const file = args[0] ?? (command === "backup" ? `hopdrill-${stamp}.dump` : "<file>.dump");
  console.error(
    command === "backup"
      ? "On PostgreSQL, back up with pg_dump (consistent while the app runs). In this shell, with DATABASE_URL set:\n" +
          `  ${postgresBackupCommand(file)}`
      : "On PostgreSQL, restore with pg_restore. Stop every instance first, then, with DATABASE_URL set:\n" +
          `  ${postgresRestoreCommand(file)}\n` +
          "(one transaction: a failed restore changes nothing), then run npm run release.",
  );
  return 2;
}

async function backup(args: string[]): Promise<number> {
  if (provider === "postgresql") return postgresBackupAdvice("backup", args);
  const target = args[0] ?? defaultBackupPath(paths.databaseUrl, new Date());
  const result = await backupDatabase(paths.databaseUrl, path.resolve(target));
  console.log(`Backed up ${paths.databaseUrl} to ${result.file} (${result.bytes} bytes, integrity ok).`);
  return 0;
}

async function restore(args: string[]): Promise<number> {
  if (provider === "postgresql") return postgresBackupAdvice("restore", args);
  const [file] = args;
  if (file === undefined) {
    console.error("db:restore needs the backup file: npm run db:restore -- <file>  (stop the app first)");
    return 2;
  }
  const result = await restoreDatabase(paths.databaseUrl, path.resolve(file), new Date());
  console.log(`Restored ${result.restored} from ${file}.`);
  if (result.previous) console.log(`The database it replaced is kept as ${result.previous}.`);
  const s = await migrationStatus(paths);
  if (s.pending.length > 0)
    console.log(`${s.pending.length} migration(s) pending: npm start (or npm run db:deploy) applies them.`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case "deploy":
      return deploy();
    case "status":
      return status();
    case "new":
      return createMigration(args);
    case "seed":
      return seed();
    case "admin:create":
      return adminCreate(args);
    case "backup":
      return backup(args);
    case "restore":
      return restore(args);
    case undefined:
    case "help":
    case "--help":
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`Unknown command "${command}".\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // exit now: the pg driver's idle connections would keep the process up for another 10 s
    process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof BackupError) {
      console.error(`Error: ${error.message}`);
    } else if (error instanceof MigrationError) {
      // Prisma's codes (P3009, P3018, …) are searchable in its docs; our own codes are not worth printing.
      const prismaCode = error.code?.startsWith("P") ? ` (Prisma ${error.code})` : "";
      console.error(`Error${prismaCode}: ${error.message}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);

/**
 * What Prisma's client adds to a statement (`npm run bench:prisma`): the study loop's reads and writes are
 * raw SQL already, so this is the cost left between them and SQLite. On a fresh migrated SQLite file (WAL),
 * in one process, CPU time per call of: a one-row read by primary key through `$queryRaw` and through
 * better-sqlite3's own prepared statement, and a transaction of two one-row updates through `$transaction`
 * of two `$executeRaw` (how a rating writes, lib/server/study/rate.ts) and through better-sqlite3's
 * `transaction`. Median of LOAD_RUNS (5) rounds of 20,000 calls each; the ratios are within one round.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const root = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hopdrill-bench-prisma-"));
const file = path.join(dir, "hopdrill.db");
process.env.DATABASE_URL = `file:${file}`;

const { deployMigrations } = await import("../../lib/server/migrations");
const { prisma, disconnectPrisma } = await import("../../lib/server/db");
const { Prisma } = await import("../../lib/server/generated/prisma/client");

await deployMigrations({
  databaseUrl: process.env.DATABASE_URL,
  migrationsDir: path.join(root, "prisma", "migrations"),
  schemaPath: path.join(root, "prisma", "schema.prisma"),
});
const user = await prisma.user.create({ data: { email: "bench@example.test", passwordHash: "x" } });

const CALLS = 20_000;
const rounds = Number(process.env.LOAD_RUNS ?? 5);
const cpuMicros = () => {
  const { user: u, system } = process.cpuUsage();
  return u + system;
};
async function perCall(run: (i: number) => unknown): Promise<number> {
  const start = cpuMicros();
  for (let i = 0; i < CALLS; i += 1) await run(i);
  return (cpuMicros() - start) / CALLS;
}

const db = new Database(file);
const select = db.prepare(`SELECT "id", "email", "timeZone", "createdAt" FROM "User" WHERE "id" = ?`);
const rename = db.prepare(`UPDATE "User" SET "name" = ? WHERE "id" = ?`);
const twoUpdates = db.transaction((i: number) => {
  rename.run(`a${i}`, user.id);
  rename.run(`b${i}`, user.id);
});

const figures: Record<string, number[]> = { prismaRead: [], driverRead: [], prismaWrite: [], driverWrite: [] };
for (let round = 0; round < rounds; round += 1) {
  figures.prismaRead!.push(
    await perCall(() =>
      prisma.$queryRaw(Prisma.sql`SELECT "id", "email", "timeZone", "createdAt" FROM "User" WHERE "id" = ${user.id}`),
    ),
  );
  figures.driverRead!.push(await perCall(() => select.all(user.id)));
  figures.prismaWrite!.push(
    await perCall((i) =>
      prisma.$transaction([
        prisma.$executeRaw(Prisma.sql`UPDATE "User" SET "name" = ${`a${i}`} WHERE "id" = ${user.id}`),
        prisma.$executeRaw(Prisma.sql`UPDATE "User" SET "name" = ${`b${i}`} WHERE "id" = ${user.id}`),
      ]),
    ),
  );
  figures.driverWrite!.push(await perCall((i) => twoUpdates(i)));
}
db.close();
await disconnectPrisma();
fs.rmSync(dir, { recursive: true, force: true });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const row = (name: string, prismaKey: string, driverKey: string) => {
  const p = median(figures[prismaKey]!);
  const d = median(figures[driverKey]!);
  const ratios = figures[prismaKey]!.map((value, i) => value / (figures[driverKey]![i] ?? 1));
  return `${name.padEnd(34)} ${p.toFixed(1).padStart(8)} ${d.toFixed(1).padStart(8)} ${median(ratios).toFixed(1).padStart(6)}×`;
};
console.log(
  `CPU µs per call, median of ${rounds} rounds of ${CALLS.toLocaleString("en")} (first round includes warm-up)`,
);
console.log(`${"".padEnd(34)} ${"Prisma".padStart(8)} ${"driver".padStart(8)} ${"ratio".padStart(7)}`);
console.log(row("read one row by key", "prismaRead", "driverRead"));
console.log(row("transaction of two one-row updates", "prismaWrite", "driverWrite"));

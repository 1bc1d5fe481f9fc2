/**
 * Another app process for the race tests: its own Prisma client and connections on DATABASE_URL. Prints
 * "ready" once connected; then, for each line of JSON calls on stdin, runs them all at once and prints their
 * outcomes as one JSON line. Ends when stdin closes.
 */
import { createInterface } from "node:readline";
import { runRaceCall, type RaceCall } from "./race-calls";

const { disconnectPrisma, prisma } = await import("../../../lib/server/db");
const connect = process.argv.includes("--no-connect") ? Promise.resolve() : prisma.$connect();
await connect;
process.stdout.write("ready\n");
for await (const line of createInterface({ input: process.stdin })) {
  const calls = JSON.parse(line) as RaceCall[];
  const outcomes = await Promise.all(calls.map(runRaceCall));
  process.stdout.write(`${JSON.stringify(outcomes)}\n`);
}
await disconnectPrisma();
process.exit(0);

import "server-only";
import { parseArgs } from "node:util";
import { adminCreateSchema } from "../../schemas/auth";
import { fieldErrorsOf, formField } from "../../schemas/field-errors";
import { createAdmin } from "../auth/accounts";
import { disconnectPrisma } from "../db";
import { deployMigrations } from "../migrations";
import { migrationPaths } from "./prepare";

const USAGE = "usage: npm run admin:create -- --email EMAIL [--password PASSWORD]";

/** `npm run admin:create -- --email … [--password …]`: makes (or promotes) an admin. */
export async function adminCreateCommand(argv: string[]): Promise<number> {
  let values: { email?: string; password?: string };
  try {
    values = parseArgs({
      args: argv,
      options: { email: { type: "string" }, password: { type: "string" } },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const parsed = adminCreateSchema.safeParse(values);
  if (!parsed.success) {
    for (const [field, messages] of Object.entries(fieldErrorsOf(parsed.error, formField))) {
      console.error(`--${field}: ${messages.join(" ")}`);
    }
    console.error(USAGE);
    return 2;
  }
  try {
    await deployMigrations(migrationPaths());
    const admin = await createAdmin(parsed.data.email, parsed.data.password);
    console.log(`${admin.created ? "Created" : "Updated"} admin ${admin.email}.`);
    if (parsed.data.password === undefined) {
      console.log(`One-time password (shown once; change it after signing in): ${admin.password}`);
    }
    return 0;
  } finally {
    await disconnectPrisma();
  }
}

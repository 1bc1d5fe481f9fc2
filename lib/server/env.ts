import "server-only";
import { databaseProvider, instanceSettingProblems, parseEnv, type DatabaseProvider, type Env } from "../schemas/env";

let cached: Env | undefined;

/** The validated environment, read once. A bad value stops the process with a message naming the variable. */
export function env(): Env {
  if (cached) return cached;
  const result = parseEnv(process.env);
  if (!result.ok) {
    console.error(result.message);
    throw new Error(result.message);
  }
  cached = result.env;
  return cached;
}

/** SQLite (a `file:` URL, the default) or PostgreSQL (`postgresql://`), from DATABASE_URL. */
export function provider(): DatabaseProvider {
  return databaseProvider(env().DATABASE_URL);
}

/** The data folder is where the SQLite file lives (next to it: the generated auth secret). SQLite only. */
export function dataDirectory(): string {
  const url = env().DATABASE_URL.replace(/^file:/, "");
  const slash = url.lastIndexOf("/");
  return slash <= 0 ? "." : url.slice(0, slash);
}

/**
 * For a server process at start: with PostgreSQL, an instance that could not read another's cookies or server
 * actions must not serve. Prints one message per missing setting and exits.
 */
export function exitUnlessInstanceSettings(): void {
  const parsed = parseEnv(process.env);
  const problems = parsed.ok ? instanceSettingProblems(parsed.env, "serve") : [parsed.message];
  if (problems.length === 0) return;
  for (const problem of problems) console.error(problem);
  process.exit(1);
}

import "server-only";
import { parseEnv, type Env } from "../schemas/env";

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

/** The data folder is where the SQLite file lives (next to it: the generated auth secret). */
export function dataDirectory(): string {
  const url = env().DATABASE_URL.replace(/^file:/, "");
  const slash = url.lastIndexOf("/");
  return slash <= 0 ? "." : url.slice(0, slash);
}

/**
 * Text the databases can store. PostgreSQL's text type cannot hold U+0000 (NUL): a write with one fails
 * ("invalid byte sequence for encoding UTF8: 0x00"), where SQLite stored it. No form or file of the app has a
 * reason to carry one, so every edge refuses it with a message naming where it is (lib/server/http/body.ts for
 * JSON routes, lib/server/http/action-body.ts for server actions), on both providers alike.
 */

export const NUL_MESSAGE = "must not contain the NUL character (U+0000)";

/**
 * The dotted path of the first string holding a NUL in a JSON-like value ("" for the value itself), or null.
 * Iterative: a hostile value may nest deeper than the call stack allows.
 */
export function nulPath(value: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: "" }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === "string") {
      if (current.includes("\u0000")) return path;
      continue;
    }
    if (current === null || typeof current !== "object") continue;
    const join = (key: string | number) => (path === "" ? String(key) : `${path}.${key}`);
    if (Array.isArray(current)) current.forEach((child, i) => stack.push({ value: child, path: join(i) }));
    else for (const [key, child] of Object.entries(current)) stack.push({ value: child, path: join(key) });
  }
  return null;
}

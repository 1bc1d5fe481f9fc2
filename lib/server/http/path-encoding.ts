import "server-only";

/**
 * Why a request path cannot be read, or null. Next.js percent-decodes every segment of a path to match
 * dynamic routes (`/sets/[slug]`) and, on a sequence that is not valid percent-encoded UTF-8 (`%ZZ`, `%C0`),
 * fails with a bare 500 before any of the app runs; proxy.ts asks here first and answers 400 instead.
 */
export function pathEncodingProblem(pathname: string): string | null {
  for (const segment of pathname.split("/")) {
    if (!segment.includes("%")) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return `The address is not valid: "${segment.slice(0, 80)}" is not percent-encoded UTF-8.`;
    }
  }
  return null;
}

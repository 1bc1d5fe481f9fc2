/**
 * What a server action request must look like before Next.js decodes it. React sends a call's arguments
 * either as one JSON text (`text/plain`, encodeReply of plain values) or as multipart form data (forms and
 * FormData arguments). Next.js answers a body its decoder cannot read with a bare 500: empty or non-JSON
 * text, a reference to a part a single text body cannot have (`"$1"`, `"$Q1"`), broken multipart. proxy.ts
 * asks this module first and answers 400 with the reason instead; the action never runs and nothing is written.
 *
 * Our actions take plain values (objects, arrays, strings, numbers, booleans, null), which React encodes as
 * JSON with only self-contained `$` forms: `$$…` (a string that began with `$`), `$undefined`, `$NaN`,
 * `$Infinity`, `$-Infinity`, `$-0`, `$D…` (a Date) and `$n…` (a BigInt). Anything else in a text body points
 * at a part that is not there.
 */
import "server-only";
import { NUL_MESSAGE, nulPath } from "../../schemas/stored-text";

/**
 * The largest action request body: next.config.js `serverActions.bodySizeLimit` ("3mb"; a unit test keeps the
 * two equal). Next.js answers a larger one with a bare 500; proxy.ts answers 413 first, reading no further.
 */
export const MAX_ACTION_BODY_BYTES = 3 * 1024 * 1024;

export const ACTION_BODY_TOO_LARGE = `The action request body is over ${MAX_ACTION_BODY_BYTES} bytes (3 MB).`;

/** Deeper than any argument the app's forms send; bounds the walk (and React's recursive decoder). */
export const MAX_ACTION_DEPTH = 64;

const SELF_CONTAINED = /^\$(?:\$|undefined$|NaN$|-?Infinity$|-0$|D.|n-?\d+$)/s;

/** The problem with a `text/plain` action body, or null when React can decode it. */
export function textActionBodyProblem(text: string): string | null {
  if (text.trim() === "") return "The action request has an empty body.";
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "The action request body is not valid JSON.";
  }
  if (!Array.isArray(value)) return "The action request body must be a JSON array of arguments.";
  const nul = nulPath(value);
  if (nul !== null) return `The action request's argument ${nul} ${NUL_MESSAGE}.`;
  // iterative walk: a hostile body may nest far deeper than the call stack allows
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 1, path: "$" }];
  while (stack.length > 0) {
    const { value: current, depth, path } = stack.pop()!;
    if (typeof current === "string") {
      if (current.startsWith("$") && !SELF_CONTAINED.test(current)) {
        return `The action request refers to a part it does not have (at ${path}).`;
      }
      continue;
    }
    if (current === null || typeof current !== "object") continue;
    if (depth > MAX_ACTION_DEPTH) return `The action request nests deeper than ${MAX_ACTION_DEPTH} levels.`;
    if (Array.isArray(current)) {
      current.forEach((child, i) => stack.push({ value: child, depth: depth + 1, path: `${path}[${i}]` }));
    } else {
      for (const [key, child] of Object.entries(current)) {
        stack.push({ value: child, depth: depth + 1, path: `${path}.${key}` });
      }
    }
  }
  return null;
}

export type ActionBodyKind = "text" | "multipart" | "other";

/** How React encoded the call, from the Content-Type header. */
export function actionBodyKind(contentType: string | null): ActionBodyKind {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "text/plain") return "text";
  if (type === "multipart/form-data") return "multipart";
  return "other";
}

/** The problem with a multipart action body's fields (its files included), or null. */
export async function formActionBodyProblem(form: FormData): Promise<string | null> {
  for (const [name, value] of form.entries()) {
    const text = typeof value === "string" ? value : await value.text();
    if (text.includes("\u0000")) return `The action request's field ${name} ${NUL_MESSAGE}.`;
  }
  return null;
}

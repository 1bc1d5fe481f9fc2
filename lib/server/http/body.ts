import "server-only";
import type { z } from "zod";
import { errorSummary, fieldErrorsOf } from "../../schemas/field-errors";
import { failure, type Result } from "../../schemas/failure";
import { NUL_MESSAGE, nulPath } from "../../schemas/stored-text";
import { readBoundedText } from "./bounded-body";

/** A 20,000-character answer (lib/grade MAX_ANSWER_CHARS) is at most 80,000 UTF-8 bytes; the rest is JSON around it. */
export const MAX_BODY_BYTES = 100_000;

const tooLarge = () => failure("BODY_TOO_LARGE", `The request body is over ${MAX_BODY_BYTES} bytes.`);

/**
 * A route handler's JSON body, parsed with `schema`: BODY_TOO_LARGE past MAX_BODY_BYTES (by the declared
 * length, or as soon as more has arrived: reading stops there, chunked or not; bounded-body.ts), INVALID_JSON when it is not JSON, INVALID_REQUEST with the failing fields
 * (a string holding a NUL character among them: lib/schemas/stored-text.ts). An empty body is `{}`.
 */
export async function readBody<T extends z.ZodType>(request: Request, schema: T): Promise<BodyResult<T>> {
  return parseBody(await readBoundedText(request, MAX_BODY_BYTES), schema);
}

type BodyResult<T extends z.ZodType> = Result<
  { value: z.output<T> },
  "BODY_TOO_LARGE" | "INVALID_JSON" | "INVALID_REQUEST"
>;

/** readBody's verdict on a body already read within MAX_BODY_BYTES (`null`: it was longer), whatever read it. */
export function parseBody<T extends z.ZodType>(text: string | null, schema: T): BodyResult<T> {
  if (text === null) return tooLarge();
  let json: unknown;
  try {
    json = text.length === 0 ? {} : JSON.parse(text);
  } catch {
    return failure("INVALID_JSON", "The request body is not valid JSON.");
  }
  const nul = nulPath(json);
  if (nul !== null) {
    const fieldErrors = { [nul]: [NUL_MESSAGE] };
    return failure("INVALID_REQUEST", `Invalid request: ${errorSummary(fieldErrors)}`, fieldErrors);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const fieldErrors = fieldErrorsOf(parsed.error);
  return failure("INVALID_REQUEST", `Invalid request: ${errorSummary(fieldErrors)}`, fieldErrors);
}

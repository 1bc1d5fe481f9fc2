import "server-only";
import { interviewIdSchema, positionSchema } from "../../schemas/interview";
import type { Result } from "../../schemas/failure";
import { notFound } from "./failures";

/** Route params: an id that cannot be an interview id is a plain NOT_FOUND, as is a position outside 1–10. */
export function interviewParams(params: {
  id: string;
  position?: string;
}): Result<{ id: string; position: number }, "NOT_FOUND"> {
  const id = interviewIdSchema.safeParse(params.id);
  const position =
    params.position === undefined ? { success: true as const, data: 0 } : positionSchema.safeParse(params.position);
  if (!id.success || !position.success) return notFound();
  return { ok: true, id: id.data, position: position.data };
}

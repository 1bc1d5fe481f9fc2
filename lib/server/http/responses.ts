import "server-only";
import { NextResponse } from "next/server";
import { issueList } from "../../schemas/field-errors";
import type { Failure } from "../../schemas/failure";
import { statusFor } from "./status";

/**
 * A failure as route handlers answer it: `{ error: { code, message, errors?, …extra } }` with the status of
 * its code. `errors` lists the field errors as `{ path, message }`; other fields of the failure (the stored
 * answer of a STALE_REVISION) go alongside.
 */
export function failureResponse(failed: Failure, init: { headers?: HeadersInit } = {}): NextResponse {
  const { ok: _ok, code, message, fieldErrors, ...extra } = failed;
  const errors = fieldErrors === undefined ? {} : { errors: issueList(fieldErrors) };
  return NextResponse.json({ error: { code, message, ...errors, ...extra } }, { status: statusFor(code), ...init });
}

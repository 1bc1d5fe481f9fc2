import "server-only";
import { NextResponse } from "next/server";
import type { Failure } from "../../schemas/failure";
import { failureAnswer } from "./json-endpoint";

/**
 * A failure as route handlers answer it (json-endpoint.ts's failureAnswer: `{ error: { code, message,
 * errors?, …extra } }` with the status of its code).
 */
export function failureResponse(failed: Failure, init: { headers?: HeadersInit } = {}): NextResponse {
  const { status, body } = failureAnswer(failed);
  return NextResponse.json(body, { status, ...init });
}

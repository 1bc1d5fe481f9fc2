import "server-only";
import { NextResponse } from "next/server";
import { currentUser } from "../auth/session-cookie";
import { readBoundedText } from "./bounded-body";
import type { JsonAnswer, JsonRequest } from "./json-endpoint";

/** A route handler's web Request as a JsonRequest: the user through next/headers, as every route reads it. */
export function jsonRequestOf(request: Request): JsonRequest {
  return {
    headers: request.headers,
    user: currentUser,
    readText: (limit) => readBoundedText(request, limit),
  };
}

/** A JsonAnswer as the route handler's response. */
export function nextJsonResponse(answer: JsonAnswer): NextResponse {
  return NextResponse.json(answer.body, { status: answer.status });
}

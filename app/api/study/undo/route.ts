import { jsonRequestOf, nextJsonResponse } from "@/lib/server/http/next-json";
import { undoEndpoint } from "@/lib/server/study/endpoints";

/**
 * Undo a rating (lib/server/study/endpoints.ts says what in and out). Under `npm start` the fast lane in
 * front of Next.js answers this path with the same function (lib/server/http/fast-lane.ts).
 */
export async function POST(request: Request) {
  return nextJsonResponse(await undoEndpoint(jsonRequestOf(request)));
}

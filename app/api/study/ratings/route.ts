import { jsonRequestOf, nextJsonResponse } from "@/lib/server/http/next-json";
import { ratingEndpoint } from "@/lib/server/study/endpoints";

/**
 * One rating from the study screen's outbox (lib/server/study/endpoints.ts says what in and out). Under
 * `npm start` the fast lane in front of Next.js answers this path with the same function
 * (lib/server/http/fast-lane.ts); this handler serves `next dev` and anything the lane passes on.
 */
export async function POST(request: Request) {
  return nextJsonResponse(await ratingEndpoint(jsonRequestOf(request)));
}

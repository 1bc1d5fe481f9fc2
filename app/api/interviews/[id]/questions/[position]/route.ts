import { autosaveEndpoint } from "@/lib/server/interviews/endpoints";
import { jsonRequestOf, nextJsonResponse } from "@/lib/server/http/next-json";

type Context = { params: Promise<{ id: string; position: string }> };

/**
 * Autosave (lib/server/interviews/endpoints.ts says what in and out). Under `npm start` the fast lane in
 * front of Next.js answers this path with the same function (lib/server/http/fast-lane.ts).
 */
export async function PATCH(request: Request, context: Context) {
  return nextJsonResponse(await autosaveEndpoint(jsonRequestOf(request), await context.params));
}

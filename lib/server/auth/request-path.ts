import "server-only";
import { headers } from "next/headers";
import { REQUEST_PATH_HEADER } from "../http/request-path-header";
import { safeNextPath } from "./roles";

/** The same-site path of the current request, for "come back here after sign-in"; `fallback` when unknown. */
export async function requestPath(fallback: string): Promise<string> {
  const path = (await headers()).get(REQUEST_PATH_HEADER);
  return path ? safeNextPath(path) : fallback;
}

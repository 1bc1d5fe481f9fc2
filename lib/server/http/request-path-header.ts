import "server-only";

/** Set by proxy.ts on every request to the path asked for; the proxy always overwrites a client's value. */
export const REQUEST_PATH_HEADER = "x-hopdrill-path";

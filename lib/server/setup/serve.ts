// The web server `npm start` (and `npm run dev`) runs: Next.js's request handler behind a Node server of
// ours, so that the app learns who is on the other end of each connection. Next.js's own `next start`
// offers the app only the request's headers, and X-Forwarded-For is whatever the client wrote; here every
// request carries the address worked out from the socket (and, from configured proxies only, from
// X-Forwarded-For) under CLIENT_ADDRESS_HEADER, overwriting any value the client sent under that name.
// Started by start.ts as a child process, outside the react-server condition (Next.js loads its own).
//
// In production it also serves the study loop's hot JSON endpoints itself, before Next.js
// (lib/server/http/fast-lane.ts: a rating, an undo, an autosave, with the same lib/server functions as the
// route handlers), because Next.js's handling of a POST costs more than their work. Under `--dev` everything
// goes to Next.js, whose hot reloading would otherwise leave the lane running the code of the last start.
import { register } from "node:module";
import http from "node:http";
import next from "next";
import { parseEnv } from "../../schemas/env";
import { admitInTurn } from "../http/admission";
import { sourceMapsAsked } from "./source-maps";
import { CLIENT_ADDRESS_HEADER, clientAddressOf, compileTrustedProxies } from "../http/client-address";

const dev = process.argv.includes("--dev");

/**
 * The fast lane, loaded after the resolve hook that lets lib/server modules load in this process
 * (server-only-hooks.mjs says why); the hook applies to imports made after it is registered, so the lane is
 * imported here rather than at the top. Null in development.
 */
async function loadFastLane() {
  if (dev) return null;
  register("./server-only-hooks.mjs", import.meta.url);
  const { createFastLane, nextConfigHeaderRules } = await import("../http/fast-lane");
  return createFastLane(await nextConfigHeaderRules(process.cwd()));
}

async function serve(): Promise<void> {
  if (!dev && !sourceMapsAsked(process.execArgv, process.env.NODE_OPTIONS)) process.setSourceMapsEnabled(false);
  const parsed = parseEnv(process.env);
  if (!parsed.ok) throw new Error(parsed.message);
  const { PORT, HOSTNAME, TRUSTED_PROXIES } = parsed.env;
  const trust = compileTrustedProxies(TRUSTED_PROXIES);
  const app = next({ dev, dir: process.cwd(), hostname: HOSTNAME, port: PORT });
  const nextHandler = app.getRequestHandler();
  // a few requests at a time in production (admission.ts says why); in development a page's first request
  // compiles it for seconds, which must not hold the others back
  const handle = dev ? nextHandler : admitInTurn(nextHandler);
  await app.prepare();
  const fastLane = await loadFastLane();

  const server = http.createServer((request, response) => {
    request.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(
      request.socket.remoteAddress,
      request.headers["x-forwarded-for"],
      trust,
    );
    if (fastLane?.(request, response)) return;
    void handle(request, response);
  });
  // development: hot reloading speaks over a WebSocket upgrade
  if (dev) server.on("upgrade", app.getUpgradeHandler());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(PORT, HOSTNAME, resolve);
  });

  const stop = () => {
    // finish what is in flight (the database keeps every committed write either way), then leave
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

serve().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

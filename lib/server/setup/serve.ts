// The web server `npm start` (and `npm run dev`) runs: Next.js's request handler behind a Node server of
// ours, so that the app learns who is on the other end of each connection. Next.js's own `next start`
// offers the app only the request's headers, and X-Forwarded-For is whatever the client wrote; here every
// request carries the address worked out from the socket (and, from configured proxies only, from
// X-Forwarded-For) under CLIENT_ADDRESS_HEADER, overwriting any value the client sent under that name.
// Started by start.ts as a child process, outside the react-server condition (Next.js loads its own).
import http from "node:http";
import next from "next";
import { parseEnv } from "../../schemas/env";
import { CLIENT_ADDRESS_HEADER, clientAddressOf, compileTrustedProxies } from "../http/client-address";

const dev = process.argv.includes("--dev");

async function serve(): Promise<void> {
  const parsed = parseEnv(process.env);
  if (!parsed.ok) throw new Error(parsed.message);
  const { PORT, HOSTNAME, TRUSTED_PROXIES } = parsed.env;
  const trust = compileTrustedProxies(TRUSTED_PROXIES);
  const app = next({ dev, dir: process.cwd(), hostname: HOSTNAME, port: PORT });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((request, response) => {
    request.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(
      request.socket.remoteAddress,
      request.headers["x-forwarded-for"],
      trust,
    );
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

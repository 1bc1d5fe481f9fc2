// No "server-only" here: the Node server in front of Next.js (lib/server/setup/serve.ts) runs outside the
// react-server condition and admits Next.js's requests through this module; nothing in it is secret.
import type { IncomingMessage, ServerResponse } from "node:http";
import { availableParallelism } from "node:os";
import { FairGate } from "../fair-gate";

/**
 * How many requests Next.js works on at once (four per core), and how long one keeps its place at most (ms).
 *
 * Everything a request allocates lives until it is answered. With 50 page requests in flight at once, each
 * took 300–400 ms, outlived two young-generation collections and was promoted: the load benchmark's page
 * scenarios left an old generation near 900 MB of garbage, whose first full collection then stalled the
 * event loop for 95–170 ms in the open-loop trials that followed (README, "The capacity cliff"). Admitted a
 * few at a time, a render is answered within a few tens of milliseconds and its garbage dies young; the others
 * wait in arrival order before Next.js has read anything of them, which costs them no more time than queueing
 * inside Next.js did, since one event loop serves them all either way. A request that waits for something
 * other than this loop (a submit while its answers are graded on a thread, a client reading slowly) gives its
 * place up after ADMISSION_HOLD_MS and goes on outside the count, so it can never hold the others back for
 * longer than that.
 */
export const NEXT_REQUESTS_AT_ONCE = Math.max(4, availableParallelism() * 4);
export const ADMISSION_HOLD_MS = 100;

type Handler = (request: IncomingMessage, response: ServerResponse) => unknown;

/**
 * `handle`, entered by at most `capacity` requests at once, first come, first served. A request leaves when
 * its response finishes or closes, or after `holdMs`. One whose client went away while it waited is dropped
 * without reaching `handle`.
 */
export function admitInTurn(
  handle: Handler,
  options: { capacity?: number; holdMs?: number } = {},
): (request: IncomingMessage, response: ServerResponse) => void {
  const gate = new FairGate(options.capacity ?? NEXT_REQUESTS_AT_ONCE);
  const holdMs = options.holdMs ?? ADMISSION_HOLD_MS;
  return (request, response) => {
    void gate.acquire().then(() => {
      let inside = true;
      const leave = () => {
        if (!inside) return;
        inside = false;
        clearTimeout(timer);
        gate.release();
      };
      const timer = setTimeout(leave, holdMs);
      timer.unref();
      if (response.destroyed || response.writableEnded || request.socket.destroyed) return leave();
      response.once("finish", leave);
      response.once("close", leave);
      void handle(request, response);
    });
  };
}

import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { FairGate } from "@/lib/server/fair-gate";
import { admitInTurn } from "@/lib/server/http/admission";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/**
 * A server whose handler answers request `/n` only when the test calls `answer(n)`, through admitInTurn;
 * it records which requests entered, and the most that were inside at once.
 */
async function held(options: { capacity: number; holdMs: number }) {
  const entered: string[] = [];
  const open = new Map<string, http.ServerResponse>();
  let inside = 0;
  let most = 0;
  const handler = admitInTurn((request, response) => {
    const name = request.url ?? "";
    entered.push(name);
    inside += 1;
    most = Math.max(most, inside);
    response.once("close", () => (inside -= 1));
    open.set(name, response);
  }, options);
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const answer = (name: string) => open.get(name)?.end(name);
  return { origin, entered, answer, most: () => most };
}

describe("FairGate with a capacity", () => {
  it("lets `capacity` holders in at once and the rest in arrival order", async () => {
    const gate = new FairGate(2);
    const order: string[] = [];
    await gate.acquire();
    await gate.acquire(); // two inside: full
    const waiters = ["a", "b", "c"].map((name) => gate.acquire().then(() => order.push(name)));
    await sleep(0);
    expect(order).toEqual([]);
    gate.release();
    gate.release();
    await Promise.all(waiters.slice(0, 2));
    expect(order).toEqual(["a", "b"]);
    gate.release();
    await waiters[2];
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("refuses a capacity below one", () => {
    expect(() => new FairGate(0)).toThrow(RangeError);
    expect(() => new FairGate(1.5)).toThrow(RangeError);
  });
});

describe("admitInTurn (how many requests Next.js works on at once)", () => {
  it("lets at most `capacity` requests in, and the others in arrival order as answers finish", async () => {
    const s = await held({ capacity: 2, holdMs: 60_000 });
    const replies = ["/1", "/2", "/3", "/4"].map((name) => fetch(s.origin + name).then((r) => r.text()));
    await expect.poll(() => s.entered.length === 2, { timeout: 3000 }).toBe(true);
    await sleep(50);
    expect(s.entered).toEqual(["/1", "/2"]); // the others wait outside
    s.answer("/1");
    await expect.poll(() => s.entered.length === 3, { timeout: 3000 }).toBe(true);
    expect(s.entered[2]).toBe("/3");
    s.answer("/2");
    s.answer("/3");
    await expect.poll(() => s.entered.length === 4, { timeout: 3000 }).toBe(true);
    s.answer("/4");
    expect(await Promise.all(replies)).toEqual(["/1", "/2", "/3", "/4"]);
    expect(s.most()).toBe(2);
  });

  it("a request that stays longer than holdMs gives its place up and is still answered", async () => {
    const s = await held({ capacity: 1, holdMs: 50 });
    const slow = fetch(`${s.origin}/slow`).then((r) => r.text());
    await expect.poll(() => s.entered.length === 1, { timeout: 3000 }).toBe(true);
    const next = fetch(`${s.origin}/next`).then((r) => r.text());
    await expect.poll(() => s.entered.length === 2, { timeout: 3000 }).toBe(true); // while /slow is still open
    s.answer("/next");
    expect(await next).toBe("/next");
    s.answer("/slow");
    expect(await slow).toBe("/slow");
  });

  it("drops a request whose client left while it waited, without handling it", async () => {
    const s = await held({ capacity: 1, holdMs: 60_000 });
    const first = fetch(`${s.origin}/first`).then((r) => r.text());
    await expect.poll(() => s.entered.length === 1, { timeout: 3000 }).toBe(true);
    const gone = new AbortController();
    const left = fetch(`${s.origin}/left`, { signal: gone.signal }).catch((error: unknown) => error);
    await sleep(50);
    gone.abort();
    expect(await left).toBeInstanceOf(Error);
    await sleep(50); // the server has seen the connection close
    s.answer("/first");
    expect(await first).toBe("/first");
    const after = fetch(`${s.origin}/after`).then((r) => r.text());
    await expect.poll(() => s.entered.length === 2, { timeout: 3000 }).toBe(true);
    s.answer("/after");
    expect(await after).toBe("/after");
    expect(s.entered).toEqual(["/first", "/after"]);
  });
});

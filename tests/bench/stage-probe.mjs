// Per-stage timings of every request the app serves, for bench:load (loaded into `next start` with
// NODE_OPTIONS=--import; never in production). Stages, from the request's arrival (Node's 'request' event)
// to its response's 'finish':
//   proxy   Next.js's "Middleware.execute" span (proxy.ts)
//   handler the route handler ("AppRouteRouteHandlers.runHandler") or the page render ("AppRender.getBodyResult")
//   sql     time inside better-sqlite3 statements (every query, Prisma's and direct ones)
// Next.js reports its spans through @opentelemetry/api when a tracer provider is registered
// (next/dist/server/lib/trace/tracer.js); this module registers a minimal one that only records span times.
// On SIGUSR2 it writes the collected records to $STAGE_PROBE_FILE (JSON lines) and starts afresh.
import { AsyncLocalStorage } from "node:async_hooks";
import { writeFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import { monitorEventLoopDelay } from "node:perf_hooks";

const require = createRequire(`${process.cwd()}/package.json`);
const als = new AsyncLocalStorage();
const records = [];
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

let socketCount = 0;
const sockets = new WeakMap();
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, request, response) {
  if (event !== "request") return emit.apply(this, arguments);
  const socket = request.socket;
  if (!sockets.has(socket)) sockets.set(socket, { id: ++socketCount, lastFinish: NaN });
  const connection = sockets.get(socket);
  const store = {
    method: request.method,
    url: request.url,
    start: performance.now(),
    spans: [],
    sql: 0,
    statements: 0,
    connection: connection.id,
  };
  store.gap = store.start - connection.lastFinish;
  response.once("close", () => {
    if (store.end !== undefined) return;
    store.end = performance.now();
    store.status = "closed before the response finished";
    records.push(store);
  });
  response.once("finish", () => {
    store.end = performance.now();
    connection.lastFinish = store.end;
    store.status = response.statusCode;
    records.push(store);
  });
  return als.run(store, () => emit.apply(this, arguments));
};

// SQL time: every statement of every better-sqlite3 connection in this process.
const Database = require("better-sqlite3");
const probe = new Database(":memory:");
const statementPrototype = Object.getPrototypeOf(probe.prepare("SELECT 1"));
probe.close();
for (const name of ["run", "get", "all", "iterate"]) {
  const original = statementPrototype[name];
  statementPrototype[name] = function () {
    const store = als.getStore();
    if (store === undefined) return original.apply(this, arguments);
    const t = performance.now();
    try {
      return original.apply(this, arguments);
    } finally {
      store.sql += performance.now() - t;
      store.statements += 1;
    }
  };
}

const api = require("next/dist/compiled/@opentelemetry/api");
let ids = 0;
function makeSpan(name) {
  const store = als.getStore();
  const entry = { name, start: performance.now(), end: NaN };
  if (store !== undefined) store.spans.push(entry);
  const id = (++ids).toString(16).padStart(16, "0");
  const span = {
    spanContext: () => ({ traceId: id.padStart(32, "0"), spanId: id, traceFlags: 1 }),
    setAttribute: () => span,
    setAttributes: () => span,
    addEvent: () => span,
    addLink: () => span,
    addLinks: () => span,
    setStatus: () => span,
    updateName: () => span,
    end: () => {
      entry.end = performance.now();
    },
    isRecording: () => true,
    recordException: () => {},
  };
  return span;
}
const tracer = {
  startSpan: (name) => makeSpan(name),
  startActiveSpan(name, ...rest) {
    const fn = rest[rest.length - 1];
    const span = makeSpan(name);
    return api.context.with(api.trace.setSpan(api.context.active(), span), () => fn(span));
  },
};
api.trace.setGlobalTracerProvider({ getTracer: () => tracer });

process.on("SIGUSR2", () => {
  const file = process.env.STAGE_PROBE_FILE;
  if (!file || records.length === 0) return;
  const lines = records.splice(0).map((r) =>
    JSON.stringify({
      method: r.method,
      url: r.url,
      status: r.status,
      total: r.end - r.start,
      gap: r.gap,
      connection: r.connection,
      at: r.start,
      sql: r.sql,
      statements: r.statements,
      spans: r.spans.map((s) => ({ name: s.name, start: s.start - r.start, end: s.end - r.start })),
    }),
  );
  const loop = { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
  loopDelay.reset();
  writeFileSync(`${file}.${process.pid}`, `${JSON.stringify({ loop })}\n${lines.join("\n")}\n`);
});

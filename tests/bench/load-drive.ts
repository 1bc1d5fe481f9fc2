/**
 * The two ways bench:load drives a server: closed loop (autocannon, a fixed number of connections each
 * sending its next request when the last one is answered: saturation) and open loop (requests at fixed
 * arrival times whatever the server does, as real learners send them: capacity). Open-loop latency is taken
 * from the moment a request was due, not from when it could be sent, so a server that falls behind shows
 * it (no coordinated omission).
 */
import http from "node:http";
import autocannon from "autocannon";

export interface Figures {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly errors: number;
  readonly timeouts: number;
  /** the first few failed responses (status and the start of the body), to say what went wrong */
  readonly samples: readonly string[];
  /** open loop: requests sent again once because the server closed their idle keep-alive socket as they left */
  readonly resent?: number;
}

export interface Request {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface ClosedScenario {
  readonly name: string;
  /** builds request number k (numbers only grow, across warm-ups, scenarios and runs) */
  readonly request: (k: number) => Request;
  /** the status every response must have (2xx otherwise) */
  readonly status?: number;
  /** a check of the body beyond its status */
  readonly ok?: (body: string) => boolean;
  /** a fixed number of requests instead of a duration (each grading request consumes one interview) */
  readonly amount?: number;
  readonly warmupAmount?: number;
}

/** Each request times out after this long, and counts as an error. */
export const TIMEOUT_S = 10;

/** Request numbers, shared by every scenario and run: autosave revisions are taken from them and must grow. */
export const sequence = (() => {
  let next = 1000;
  return { next: () => next++ };
})();

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function figuresOf(
  latencies: number[],
  elapsedS: number,
  errors: number,
  timeouts: number,
  samples: string[],
): Figures {
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds: elapsedS,
    rps: latencies.length / elapsedS,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors,
    timeouts,
    samples,
  };
}

function sampler(samples: string[]) {
  return (status: number | string, body: string) => {
    if (samples.length < 3) samples.push(`${status} ${body.slice(0, 160).replaceAll("\n", " ")}`);
  };
}

/** Saturation: `connections` connections for `seconds` (or the scenario's amount of requests). */
export async function closedLoop(
  origin: string,
  scenario: ClosedScenario,
  options: { connections: number; seconds: number; warmup: boolean },
): Promise<Figures> {
  const length = options.warmup
    ? scenario.warmupAmount !== undefined
      ? { amount: scenario.warmupAmount }
      : { duration: options.seconds }
    : scenario.amount !== undefined
      ? { amount: scenario.amount }
      : { duration: options.seconds };
  const latencies: number[] = [];
  let failed = 0;
  const samples: string[] = [];
  const sample = sampler(samples);
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: origin,
        // autocannon refuses more connections than requests
        connections: Math.max(1, Math.min(options.connections, length.amount ?? options.connections)),
        ...length,
        timeout: TIMEOUT_S,
        requests: [
          {
            setupRequest: (request) => ({ ...request, ...scenario.request(sequence.next()) }),
            onResponse: (status, body) => {
              const wrong = scenario.status !== undefined ? status !== scenario.status : status < 200 || status >= 300;
              const bad = !wrong && scenario.ok !== undefined && !scenario.ok(body);
              if (wrong || bad) {
                failed += 1;
                sample(status, body);
              }
            },
          },
        ],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  const elapsed = (performance.now() - started) / 1000;
  if (result.timeouts > 0) samples.push(`${result.timeouts} request(s) timed out after ${TIMEOUT_S} s`);
  if (result.errors > result.timeouts) samples.push(`${result.errors - result.timeouts} connection error(s)`);
  // autocannon counts timeouts among its errors
  return figuresOf(latencies, elapsed, failed + result.errors, result.timeouts, samples);
}

/** One request of an open-loop schedule: when it is due (ms from the start), its kind, and the request. */
export interface Arrival {
  readonly at: number;
  readonly kind: string;
  readonly build: () => Request;
  readonly ok?: (status: number, body: string) => boolean;
}

/** Open loop: every arrival is sent when it is due, whatever is still in flight. Figures per kind and "all". */
export async function openLoop(origin: string, arrivals: readonly Arrival[]): Promise<Map<string, Figures>> {
  const url = new URL(origin);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const byKind = new Map<
    string,
    { latencies: number[]; errors: number; timeouts: number; samples: string[]; resent: number }
  >();
  const bucket = (kind: string) => {
    let entry = byKind.get(kind);
    if (entry === undefined) {
      entry = { latencies: [], errors: 0, timeouts: 0, samples: [], resent: 0 };
      byKind.set(kind, entry);
    }
    return entry;
  };
  const sorted = [...arrivals].sort((a, b) => a.at - b.at);
  const start = performance.now();
  const pending: Promise<void>[] = [];
  const send = (arrival: Arrival) => {
    const due = start + arrival.at;
    const entry = bucket(arrival.kind);
    const all = bucket("all");
    const request = arrival.build();
    pending.push(
      new Promise<void>((resolve) => {
        let settled = false;
        let resent = false;
        const finish = (status: number | "error" | "timeout", body: string) => {
          if (settled) return;
          settled = true;
          const latency = performance.now() - due;
          const ok = typeof status === "number" && (arrival.ok?.(status, body) ?? (status >= 200 && status < 300));
          for (const e of [entry, all]) {
            e.latencies.push(latency);
            if (!ok) {
              e.errors += 1;
              if (status === "timeout") e.timeouts += 1;
              sampler(e.samples)(status, body);
            }
          }
          resolve();
        };
        const attempt = () => {
          let answered = false;
          const req = http.request(
            {
              host: url.hostname,
              port: url.port,
              method: request.method,
              path: request.path,
              headers: request.headers,
              agent,
              timeout: TIMEOUT_S * 1000,
            },
            (res) => {
              answered = true;
              const chunks: Buffer[] = [];
              res.on("data", (chunk: Buffer) => chunks.push(chunk));
              res.on("end", () => finish(res.statusCode ?? 0, Buffer.concat(chunks).toString("utf8")));
              res.on("error", (error) => finish("error", String(error)));
            },
          );
          req.on("timeout", () => {
            req.destroy();
            finish("timeout", `timed out after ${TIMEOUT_S} s`);
          });
          req.on("error", (error: NodeJS.ErrnoException) => {
            // A kept-alive socket the server closed (its keep-alive timeout) just as this request left on it:
            // the request never reached the app. Browsers send it again on a new connection (Node's docs for
            // request.reusedSocket say the same); so does this client, once, and counts it.
            if (!answered && !resent && req.reusedSocket && error.code === "ECONNRESET") {
              resent = true;
              entry.resent += 1;
              all.resent += 1;
              attempt();
              return;
            }
            finish("error", String(error));
          });
          if (request.body !== undefined) req.write(request.body);
          req.end();
        };
        attempt();
      }),
    );
  };
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now() - start;
      while (i < sorted.length && (sorted[i]?.at ?? Infinity) <= now) send(sorted[i++]!);
      if (i >= sorted.length) return resolve();
      setTimeout(tick, Math.max(0, Math.min(5, (sorted[i]?.at ?? now) - now)));
    };
    tick();
  });
  await Promise.all(pending);
  agent.destroy();
  const elapsed = (sorted.at(-1)?.at ?? 0) / 1000 || 1;
  return new Map(
    [...byKind].map(([kind, e]) => [
      kind,
      { ...figuresOf(e.latencies, elapsed, e.errors, e.timeouts, e.samples), resent: e.resent },
    ]),
  );
}

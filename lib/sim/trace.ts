/**
 * The correct hop-by-hop path of a scenario's request: the application's request, the DNS lookup
 * (dns-exchange.ts), the connection through kube-proxy, the network and back (connection.ts), and what was set
 * up before (context-facts.ts). The shapes are in types.ts; lib/sim/README.md says what each part models.
 */
import { isLoopback } from "./address-sort";
import { connectTo, walksIPv6, type Connected } from "./connection";
import { contextFacts } from "./context-facts";
import { resolveHost, type HostResolution } from "./dns-exchange";
import { seededRandom, type Random } from "./random";
import { resolverOptions, type ResolverOptions } from "./resolver";
import { podIPOfFamily } from "./ip-families";
import { indexOf, requestClient, resolvConfOf, type Client, type ScenarioIndex } from "./scenario-index";
import type { Hop, ResolvConf, Result, Scenario, Trace } from "./types";
import type { RequestUrl } from "./url";

export interface TraceOptions {
  /** picks ephemeral ports, kube-proxy's endpoint draws and CoreDNS's answer rotation */
  readonly seed: number;
  /** not pinned: the seeded draws pick kube-proxy's endpoint (see PinnedTraceOptions) */
  readonly endpoint?: undefined;
}

export interface PinnedTraceOptions {
  readonly seed: number;
  /**
   * "ip:port" of one of the trace's `proxy.candidates`: kube-proxy's choice for the application's connection,
   * made as if the seeded draw had picked it. DNS, ports and every other draw stay those of the seed.
   */
  readonly endpoint: string;
}

/** Everything of a trace up to the application's connect, shared by every path the connection can take. */
interface StartedRequest {
  readonly scenario: Scenario;
  readonly index: ScenarioIndex;
  readonly client: Client;
  readonly conf: ResolvConf;
  readonly url: RequestUrl;
  readonly appRequest: Hop;
  readonly resolution: HostResolution;
  /** the seeded source as the DNS part left it; when several paths continue from it, each takes a fork */
  readonly rng: Random;
}

/**
 * The trace of the scenario's request. The scenario must come from validateScenario. Deterministic: the same
 * scenario and seed always give the same trace. With `endpoint` the answer is a Result: the trace through that
 * endpoint, or an error (path "endpoint") when kube-proxy cannot choose it for this request.
 */
export function traceScenario(scenario: Scenario, opts: PinnedTraceOptions): Result<Trace>;
// last, so that ReturnType<typeof traceScenario> stays Trace for the callers that name it
export function traceScenario(scenario: Scenario, opts: TraceOptions): Trace;
export function traceScenario(scenario: Scenario, opts: TraceOptions | PinnedTraceOptions): Trace | Result<Trace> {
  const request = startRequest(scenario, opts.seed);
  if (opts.endpoint === undefined) return finish(request, null, request.rng).trace;
  return pinnedTrace(request, opts.endpoint);
}

/**
 * Every valid path of the request: one trace per endpoint kube-proxy can choose for the application's
 * connection, the seeded choice first, the others in the order of `proxy.candidates`; from outside through a
 * cloud load balancer, the same again for every other node it may pick, in the scenario's node order. A request with no choice
 * (headless Service, pod IP, ExternalName, no endpoints, a failed lookup) has its one trace. The DNS part is
 * computed once and shared.
 */
export function tracePaths(scenario: Scenario, opts: { readonly seed: number }): readonly [Trace, ...Trace[]] {
  const request = startRequest(scenario, opts.seed);
  const seeded = finish(request, null, request.rng.fork());
  const paths: [Trace, ...Trace[]] = [seeded.trace];
  const addEndpoints = (first: Finished, entryNode: string | null): void => {
    const chosen = first.connected?.decision.dnatTo ?? null;
    for (const candidate of first.trace.proxy?.candidates ?? []) {
      if (candidate.endpoint === chosen) continue;
      const path = finish(request, candidate.endpoint, request.rng.fork(), entryNode);
      if (path.connected?.decision.dnatTo === candidate.endpoint) paths.push(path.trace);
    }
  };
  addEndpoints(seeded, null);
  // a cloud load balancer may send the connection to any node it may pick (the healthy ones, or all when none
  // is): each is a valid path, with that node's rules and endpoints
  const seededEntry = seeded.trace.connection?.nodes[0] ?? null;
  for (const node of loadBalancerNodes(seeded.trace)) {
    if (node === seededEntry) continue;
    const first = finish(request, null, request.rng.fork(), node);
    if (first.trace.connection?.nodes[0] !== node) continue;
    paths.push(first.trace);
    addEndpoints(first, node);
  }
  return paths;
}

type Finished = ReturnType<typeof finish>;

/** The nodes the load balancer's hop may pick from (lib/sim/ingress.ts `loadBalancerArrival`). */
function loadBalancerNodes(trace: Trace): string[] {
  const detail = trace.hops.find((h) => h.kind === "lb.select")?.detail as
    { nodes?: readonly { node: string; healthy: boolean }[] } | undefined;
  const nodes = detail?.nodes ?? [];
  const healthy = nodes.filter((n) => n.healthy);
  return (healthy.length > 0 ? healthy : nodes).map((n) => n.node);
}

function startRequest(scenario: Scenario, seed: number): StartedRequest {
  const rng = seededRandom(seed);
  const index = indexOf(scenario);
  const client = requestClient(scenario, index);
  const url = index.url;
  if (client === null || !url.ok) {
    throw new Error("traceScenario needs a scenario from validateScenario (unknown client or bad URL)");
  }
  const conf = resolvConfOf(scenario, index, client.pod);
  const options: ResolverOptions = addrconfigApplied(
    resolverOptions(conf, client.pod.resolver),
    scenario.request.addrconfig === true &&
      client.pod.resolver === "glibc" &&
      (client.kind !== "pod" || podIPOfFamily(client.pod, "IPv6") === null),
  );
  const appRequest = appRequestHop(scenario, client, url.value);
  const resolution = resolveHost({ scenario, index, client, conf, options, rng }, url.value);
  return { scenario, index, client, conf, url: url.value, appRequest, resolution, rng };
}

/**
 * getaddrinfo with AI_ADDRCONFIG on a client without IPv6 asks for A only: glibc (check_pf.c) counts the
 * interfaces' addresses other than loopback. musl (getaddrinfo.c) only asks whether ::1 is routable, which it
 * is wherever the kernel has IPv6 on lo, so it still asks for AAAA.
 */
function addrconfigApplied(options: ResolverOptions, skipsAaaa: boolean): ResolverOptions {
  return skipsAaaa && !options.noAaaa ? { ...options, noAaaa: true, addrconfig: true } : options;
}

function appRequestHop(scenario: Scenario, client: Client, url: RequestUrl): Hop {
  const { scheme, host, port } = url;
  const named = scheme === "https" || scheme === "http" ? ` (${scheme})` : "";
  return {
    kind: "app.request",
    at: client.at,
    summary: `The application in ${client.key} requests ${scenario.request.url}: host "${host}", port ${port}${named}.`,
    packet: null,
    detail: { url: scenario.request.url, scheme, host, port, path: url.path },
  };
}

/** The request's trace from its connect on, with kube-proxy's choice pinned to `pinned` ("ip:port") or drawn. */
function finish(
  request: StartedRequest,
  pinned: string | null,
  rng: Random,
  entryNode: string | null = null,
): { trace: Trace; connected: Connected | null } {
  const { scenario, index, client, conf, resolution } = request;
  const { addresses, error } = resolution.result;
  // an IPv6 first choice is walked only where the simulation models the IPv6 path (walksIPv6); a loopback one
  // stays in the client's namespace, which the simulation does not model (the resolver.result hop says so)
  const first = error === null ? addresses[0] : undefined;
  const target =
    first !== undefined && !isLoopback(first) && (!first.includes(":") || walksIPv6(scenario, client))
      ? first
      : undefined;
  const connected =
    target === undefined
      ? null
      : connectTo({ scenario, index, client, rng, entryNode }, target, request.url.port, pinned);
  const trace: Trace = {
    scenario,
    resolvConf: conf,
    dns: { queries: resolution.queries, packets: resolution.packets, result: resolution.result },
    connection: connected?.connection ?? null,
    proxy: connected?.proxy ?? null,
    hops: [request.appRequest, ...resolution.hops, ...(connected?.hops ?? [])],
    context: contextFacts({
      scenario,
      index,
      client,
      conf,
      queries: resolution.queries,
      dnsServices: resolution.dnsServices,
      decision: connected?.decision ?? null,
    }),
  };
  return { trace, connected };
}

function pinnedTrace(request: StartedRequest, endpoint: string): Result<Trace> {
  const { trace, connected } = finish(request, endpoint, request.rng);
  const candidates = trace.proxy?.candidates ?? [];
  if (connected?.decision.dnatTo === endpoint && candidates.some((c) => c.endpoint === endpoint)) {
    return { ok: true, value: trace };
  }
  return { ok: false, errors: [{ path: "endpoint", message: notChoosable(trace, endpoint) }] };
}

/** Why `endpoint` cannot be pinned: the candidates there are, or why there is no choice at all. */
function notChoosable(trace: Trace, endpoint: string): string {
  const { connection, proxy } = trace;
  if (connection === null) {
    const error = trace.dns.result.error ?? "no address";
    return `${endpoint} cannot be chosen: the lookup fails (${error}), so no connection is attempted`;
  }
  if (proxy === null) {
    return `${endpoint} cannot be chosen: the connection to ${connection.dst} does not go through a kube-proxy Service rule (headless Service, pod IP or address outside the cluster), so there is only one path`;
  }
  if (proxy.candidates.length === 0) {
    return `${endpoint} cannot be chosen: kube-proxy has no usable endpoint for ${connection.dst} (the connection is ${connection.outcome})`;
  }
  const list = proxy.candidates.map((c) => c.endpoint).join(", ");
  return `${endpoint} is not an endpoint kube-proxy can choose for ${connection.dst}; the candidates are ${list}`;
}

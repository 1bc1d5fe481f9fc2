/**
 * The correct hop-by-hop path of a scenario's request: the application's request, the DNS lookup
 * (dns-exchange.ts), the connection through kube-proxy, the network and back (connection.ts), and what was set
 * up before (context-facts.ts). The shapes are in types.ts; lib/sim/README.md says what each part models.
 */
import { connectTo } from "./connection";
import { contextFacts } from "./context-facts";
import { resolveHost, type HostResolution } from "./dns-exchange";
import { seededRandom, type Random } from "./random";
import { resolverOptions, type ResolverOptions } from "./resolver";
import { clientOf, indexOf, resolvConfOf, type Client, type ScenarioIndex } from "./scenario-index";
import type { Hop, ResolvConf, Scenario, Trace } from "./types";
import type { RequestUrl } from "./url";

export interface TraceOptions {
  /** picks ephemeral ports, kube-proxy's endpoint draws and CoreDNS's answer rotation */
  readonly seed: number;
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
  /** the seeded source as the DNS part left it */
  readonly rng: Random;
}

/**
 * The trace of the scenario's request. The scenario must come from validateScenario. Deterministic: the same
 * scenario and seed always give the same trace.
 */
export function traceScenario(scenario: Scenario, opts: TraceOptions): Trace {
  return finish(startRequest(scenario, opts.seed));
}

function startRequest(scenario: Scenario, seed: number): StartedRequest {
  const rng = seededRandom(seed);
  const index = indexOf(scenario);
  const pod = index.podsByKey.get(scenario.request.from);
  const url = index.url;
  if (pod === undefined || !url.ok) {
    throw new Error("traceScenario needs a scenario from validateScenario (unknown client pod or bad URL)");
  }
  const client = clientOf(pod);
  const conf = resolvConfOf(scenario, index, pod);
  const options: ResolverOptions = resolverOptions(conf, pod.resolver);
  const appRequest = appRequestHop(scenario, client, url.value);
  const resolution = resolveHost({ scenario, index, client, conf, options, rng }, url.value);
  return { scenario, index, client, conf, url: url.value, appRequest, resolution, rng };
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

/** The request's trace from its connect on. */
function finish(request: StartedRequest): Trace {
  const { scenario, index, client, conf, resolution } = request;
  const { addresses, error } = resolution.result;
  const target = error === null ? addresses[0] : undefined;
  const connected =
    target === undefined ? null : connectTo({ scenario, index, client, rng: request.rng }, target, request.url.port);
  return {
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
}

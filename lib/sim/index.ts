/**
 * The cluster simulation's public entry: tests and callers import through here (lib/sim/README.md, "Public
 * entry").
 */
import { SEED_SCENARIO } from "./seed-scenario";
import type { Scenario } from "./types";
import { validateScenario } from "./validate";

export * from "./types";
export type { ScenarioInput } from "../schemas/scenario";
export { validateScenario, parseScenarioText } from "./validate";
export { SEED_SCENARIO } from "./seed-scenario";
export { traceScenario, tracePaths, type TraceOptions, type PinnedTraceOptions } from "./trace";
export { diagramTraceOf, type DiagramTrace } from "./diagram-trace";
export {
  resolvConfFor,
  renderResolvConf,
  podDnsType,
  MAX_NAMESERVERS,
  MAX_SEARCH_PATHS,
  MAX_SEARCH_LINE_CHARS,
} from "./resolv-conf";
export {
  candidateNames,
  resolverOptions,
  runResolver,
  type ResolverFlavour,
  type ResolverOptions,
  type ExchangeOutcome,
} from "./resolver";
export { hostsFileFor, renderHostsFile, lookupHosts, podHostnames, type HostsFile, type HostsLine } from "./hosts-file";
export { corednsAnswer, upstreamAnswer, type DnsLookup, type QueryType } from "./coredns";
export { delegatedTld, publicAddress } from "./public-dns";
export {
  corefileAnswer,
  autopathSearch,
  rewriteName,
  renderCorefile,
  stubDomainFor,
  UPSTREAM_TTL,
  type CorefileAsker,
  type CorefileLookup,
  type CorefileNote,
} from "./corefile";
export { generateScenario, withCorednsAutopath, type Difficulty, type GenerateOptions } from "./generate";
export {
  iptablesRestore,
  hasIPv6Proxier,
  nftablesRuleset,
  ipvsRules,
  proxyConnection,
  servicePortChainName,
  type ConnectionAttempt,
  type ProxyDecision,
} from "./kube-proxy";
export { endpointsOf, usableEndpoints, servicePortName, findPort, type Endpoint } from "./endpoints";
export { ZONE_LABEL } from "./kube-proxy/topology";
export { parseRequestUrl, type RequestUrl } from "./url";
export { joinHostPort, splitHostPort } from "./kube-proxy/addresses";
export { seededRandom, type Random } from "./random";

let seed: Scenario | null = null;

/** The seed scenario, validated (defaults filled in: kube-dns Service, CoreDNS pods). */
export function seedScenario(): Scenario {
  if (seed === null) {
    const result = validateScenario(SEED_SCENARIO);
    if (!result.ok) throw new Error(`the built-in seed scenario is invalid: ${JSON.stringify(result.errors)}`);
    seed = result.value;
  }
  return seed;
}

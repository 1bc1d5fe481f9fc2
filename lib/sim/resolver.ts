import { plural } from "../content/plural";
import type { DnsAnswer, Rcode, ResolvConf, ResolverError } from "./types";

/** Which stub resolver the application links: glibc (Debian/Ubuntu/distroless) or musl (Alpine). */
export type ResolverFlavour = "glibc" | "musl";

export interface ResolverOptions {
  readonly ndots: number;
  /** seconds to wait for a reply before retrying */
  readonly timeout: number;
  /** tries per nameserver */
  readonly attempts: number;
  /** A then AAAA, one after the other (glibc) */
  readonly singleRequest: boolean;
  /** like singleRequest but a new socket for the second query (glibc) */
  readonly singleRequestReopen: boolean;
  /** TCP instead of UDP (glibc) */
  readonly useVc: boolean;
  /** only A queries (glibc ≥ 2.36), or no AAAA because of AI_ADDRCONFIG (see addrconfig) */
  readonly noAaaa: boolean;
  /**
   * getaddrinfo was called with AI_ADDRCONFIG and the client has no IPv6 address besides loopback, so glibc asks
   * for A only (check_pf.c; musl's check is whether ::1 is routable, so it never drops AAAA here): noAaaa is
   * then true as well
   */
  readonly addrconfig: boolean;
}

// resolv.conf(5) and glibc resolv/res_init.c: defaults and the caps applied when options are read
// (RES_MAXNDOTS 15, RES_MAXRETRANS 30, RES_MAXRETRY 5). musl applies the same caps to ndots/timeout/attempts.
const DEFAULT_OPTIONS: ResolverOptions = {
  ndots: 1,
  timeout: 5,
  attempts: 2,
  singleRequest: false,
  singleRequestReopen: false,
  useVc: false,
  noAaaa: false,
  addrconfig: false,
};

export function resolverOptions(conf: ResolvConf, flavour: ResolverFlavour = "glibc"): ResolverOptions {
  let options = DEFAULT_OPTIONS;
  for (const option of conf.options) {
    const colon = option.indexOf(":");
    const name = colon < 0 ? option : option.slice(0, colon);
    const value = colon < 0 ? Number.NaN : Number(option.slice(colon + 1));
    const integer = Number.isInteger(value) && value >= 0;
    switch (name) {
      case "ndots":
        if (integer) options = { ...options, ndots: Math.min(value, 15) };
        break;
      case "timeout":
        if (integer) options = { ...options, timeout: Math.max(1, Math.min(value, 30)) };
        break;
      case "attempts":
        if (integer) options = { ...options, attempts: Math.max(1, Math.min(value, 5)) };
        break;
      // musl ignores the glibc-only flags (musl resolv.conf parsing reads ndots, attempts, timeout only)
      case "single-request":
        if (flavour === "glibc") options = { ...options, singleRequest: true };
        break;
      case "single-request-reopen":
        if (flavour === "glibc") options = { ...options, singleRequestReopen: true };
        break;
      case "use-vc":
        if (flavour === "glibc") options = { ...options, useVc: true };
        break;
      case "no-aaaa":
        if (flavour === "glibc") options = { ...options, noAaaa: true };
        break;
    }
  }
  return options;
}

/** "bar" → "bar.", "bar." → "bar." */
export function absoluteName(name: string): string {
  return name.endsWith(".") ? name : `${name}.`;
}

function dotsIn(name: string): number {
  let dots = 0;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) === 46) dots++;
  return dots;
}

// musl reads at most 255 characters of the search line (resolvconf.c: char search[256]).
const MUSL_SEARCH_LINE_CHARS = 255;

function searchListFor(conf: ResolvConf, flavour: ResolverFlavour): readonly string[] {
  if (flavour === "glibc") return conf.search;
  const kept: string[] = [];
  let used = 0;
  for (const domain of conf.search) {
    used += domain.length + (kept.length > 0 ? 1 : 0);
    if (used > MUSL_SEARCH_LINE_CHARS) break;
    kept.push(domain);
  }
  return kept;
}

/**
 * The names the resolver will try, in order, as absolute names (lib/sim/README.md, "The stub resolver"). All of
 * them are tried only when every earlier one fails in a way that continues the search.
 *
 * glibc res_query.c __res_context_search: a trailing dot means that name only, never searched; dots ≥ ndots
 * tries the name as is first, then the search list; otherwise the search list, then the name as is.
 * musl name_from_dns_search: dots ≥ ndots or a trailing dot suppresses the search entirely.
 */
export function candidateNames(name: string, conf: ResolvConf, flavour: ResolverFlavour = "glibc"): string[] {
  const lower = name.toLowerCase();
  if (lower.endsWith(".")) return [lower];
  const { ndots } = resolverOptions(conf, flavour);
  const dots = dotsIn(lower);
  const search = searchListFor(conf, flavour);
  const searched: string[] = [];
  for (const domain of search) {
    const bare = domain.endsWith(".") ? domain.slice(0, -1) : domain;
    // glibc skips an empty or root search entry here and tries the name as is instead (root_on_list)
    if (bare.length === 0) continue;
    searched.push(`${lower}.${bare.toLowerCase()}.`);
  }
  const asIs = `${lower}.`;
  if (dots >= ndots) {
    if (flavour === "musl") return [asIs];
    return withoutDuplicates([asIs, ...searched]);
  }
  return withoutDuplicates([...searched, asIs]);
}

function withoutDuplicates(items: readonly string[]): string[] {
  return [...new Set(items)];
}

/** What came back for one candidate's query (A + AAAA pair, or A only with no-aaaa). */
export type ExchangeOutcome =
  | {
      readonly kind: "answer";
      readonly rcode: Rcode;
      readonly answers: readonly DnsAnswer[];
    }
  /** no reply within timeout × attempts on any nameserver */
  | { readonly kind: "timeout" }
  /** ICMP port unreachable (REJECT, nothing listening): glibc aborts the whole lookup on ECONNREFUSED */
  | { readonly kind: "refused" };

export interface ResolverStep {
  readonly name: string;
  readonly outcome: ExchangeOutcome;
}

export interface ResolverRun {
  readonly steps: readonly ResolverStep[];
  readonly addresses: readonly string[];
  readonly error: ResolverError | null;
  /** why the search stopped where it did, for the trace's summary */
  readonly reason: string;
}

function hasRecords(outcome: ExchangeOutcome): boolean {
  return outcome.kind === "answer" && outcome.rcode === "NOERROR" && outcome.answers.length > 0;
}

/**
 * Runs the search: asks for each candidate in order and stops as the resolver would (lib/sim/README.md, "The
 * stub resolver").
 *
 * glibc: success = NOERROR with at least one record (a CNAME counts; getaddrinfo then finds no address).
 * NXDOMAIN, NODATA and SERVFAIL move on; a timeout or REFUSED ends the search; ECONNREFUSED aborts it.
 * The error when nothing matched: the as-is attempt's (when it was tried first), else NODATA if any, else
 * SERVFAIL's TRY_AGAIN, else NXDOMAIN. getaddrinfo maps HOST_NOT_FOUND/NO_DATA to EAI_NONAME (Node.js reports
 * both as ENOTFOUND) and TRY_AGAIN to EAI_AGAIN.
 * musl name_from_dns: only NXDOMAIN continues; SERVFAIL → EAI_AGAIN; NODATA ends with EAI_NODATA (EAI_NONAME).
 */
export function runResolver(
  name: string,
  conf: ResolvConf,
  flavour: ResolverFlavour,
  exchange: (candidate: string) => ExchangeOutcome,
  candidates: readonly string[] = candidateNames(name, conf, flavour),
): ResolverRun {
  const steps: ResolverStep[] = [];
  let firstAsIsError: ResolverError | null = null;
  let gotNodata = false;
  let gotServfail = false;
  const asIsFirst = flavour === "glibc" && candidates.length > 1 && candidates[0] === absoluteName(name.toLowerCase());
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[i] as string;
    const outcome = exchange(candidate);
    steps.push({ name: candidate, outcome });
    if (hasRecords(outcome)) {
      // AF_UNSPEC: the addresses of both answers (the caller sorts them, address-sort.ts)
      const addresses =
        outcome.kind === "answer"
          ? outcome.answers.filter((a) => a.type === "A" || a.type === "AAAA").map((a) => a.value)
          : [];
      return {
        steps,
        addresses,
        error: addresses.length > 0 ? null : "EAI_NONAME",
        reason:
          addresses.length > 0
            ? `${candidate} answered with ${plural(addresses.length, "address", "addresses")}`
            : `${candidate} answered with a CNAME but no address record`,
      };
    }
    if (outcome.kind === "refused") {
      return {
        steps,
        addresses: [],
        error: "EAI_AGAIN",
        reason: "the nameserver refused the connection (ECONNREFUSED aborts the lookup)",
      };
    }
    if (outcome.kind === "timeout") {
      return { steps, addresses: [], error: "EAI_AGAIN", reason: "no reply from any nameserver before the timeout" };
    }
    const rcode = outcome.rcode;
    if (flavour === "musl") {
      if (rcode === "NXDOMAIN") continue;
      if (rcode === "SERVFAIL")
        return { steps, addresses: [], error: "EAI_AGAIN", reason: `${candidate} got SERVFAIL (musl stops)` };
      return {
        steps,
        addresses: [],
        error: "EAI_NONAME",
        reason: `${candidate} got ${rcode === "NOERROR" ? "NODATA" : rcode} (musl stops; only NXDOMAIN continues)`,
      };
    }
    const errorHere: ResolverError = rcode === "SERVFAIL" ? "EAI_AGAIN" : "EAI_NONAME";
    if (i === 0 && asIsFirst) firstAsIsError = errorHere;
    if (rcode === "NOERROR") gotNodata = true;
    else if (rcode === "SERVFAIL") gotServfail = true;
    else if (rcode !== "NXDOMAIN") {
      return { steps, addresses: [], error: "EAI_AGAIN", reason: `${candidate} got ${rcode}, which ends the search` };
    }
  }
  const error: ResolverError = firstAsIsError ?? (gotNodata ? "EAI_NONAME" : gotServfail ? "EAI_AGAIN" : "EAI_NONAME");
  return { steps, addresses: [], error, reason: `no candidate name resolved (${candidates.length} tried)` };
}

/** Query packets one exchange sends: an A and an AAAA query (A only with no-aaaa), per try. */
export function packetsPerExchange(options: ResolverOptions): number {
  return options.noAaaa ? 1 : 2;
}

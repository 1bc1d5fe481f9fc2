// The stub resolver on the real C libraries (lib/sim/README.md, "Proved on the kernel"): in a network namespace
// whose /etc/resolv.conf is what `hopdrill resolv` prints (ip netns exec bind-mounts /etc/netns/NS/*), Debian's
// glibc and musl (musl-gcc -static) run getaddrinfo against a small DNS server that answers the scenario's names
// the way CoreDNS would (corednsAnswer), with the pod's /etc/hosts as `hopdrill hosts` prints it. The names
// they query, in order, the number of queries and the addresses they return must be the trace's.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_SCENARIO, traceScenario, validateScenario, type Scenario, type ScenarioInput } from "../../../lib/sim";
import { kernelSkipReason, Namespaces } from "./netns";
import { buildGai, ERRORS, observe, type Observed } from "./resolver-harness";

const skip = kernelSkipReason(["ip", "gcc", "musl-gcc", "node"]);
if (skip !== null) console.warn(`kernel resolver tests skipped: ${skip}`);

const here = import.meta.dirname;
const work = path.resolve(here, `../../.tmp/kernel-resolver-${process.pid}`);

function scenarioOf(change: (s: ScenarioInput) => void): Scenario {
  const input = structuredClone(SEED_SCENARIO);
  change(input);
  const valid = validateScenario(input);
  if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
  return valid.value;
}

const withUrl = (url: string, extra: (s: ScenarioInput) => void = () => {}) =>
  scenarioOf((s) => {
    s.request.url = url;
    extra(s);
  });

const foo = (s: ScenarioInput) => {
  const pod = s.pods.find((p) => p.name === "foo");
  if (pod === undefined) throw new Error("seed has foo");
  return pod;
};

const cases: { name: string; scenario: Scenario; host: string }[] = [
  { name: "bar: the first search domain answers", scenario: withUrl("https://bar/"), host: "bar" },
  {
    name: "google.com under ndots:5: three misses, then the name",
    scenario: withUrl("https://google.com/"),
    host: "google.com",
  },
  {
    name: "a node search domain adds a fourth miss",
    scenario: withUrl("https://google.com/", (s) => {
      for (const node of s.nodes) node.searchDomains = ["us-east-2.compute.internal"];
    }),
    host: "google.com",
  },
  {
    name: "ndots:1: the absolute name answers first and nothing is searched",
    scenario: withUrl("https://api.github.com/", (s) => {
      foo(s).dnsConfig = { options: [{ name: "ndots", value: "1" }] };
    }),
    host: "api.github.com",
  },
  {
    name: "trailing dot: one name, never searched",
    scenario: withUrl("https://bar.app.svc.cluster.local./"),
    host: "bar.app.svc.cluster.local.",
  },
  {
    name: "glibc goes on after NODATA (app.svc.cluster.local is a namespace)",
    scenario: withUrl("http://app/"),
    host: "app",
  },
  {
    name: "musl stops at NODATA",
    scenario: withUrl("http://app/", (s) => {
      foo(s).resolver = "musl";
    }),
    host: "app",
  },
  {
    name: "glibc: a hostAliases name comes from /etc/hosts, no DNS query",
    scenario: withUrl("http://bar.remote/", (s) => {
      foo(s).hostAliases = [{ ip: "10.1.2.3", hostnames: ["foo.remote", "bar.remote"] }];
    }),
    host: "bar.remote",
  },
  {
    name: "musl: a hostAliases name comes from /etc/hosts, no DNS query",
    scenario: withUrl("http://foo.remote/", (s) => {
      foo(s).resolver = "musl";
      foo(s).hostAliases = [{ ip: "10.1.2.3", hostnames: ["foo.remote"] }];
    }),
    host: "foo.remote",
  },
  {
    name: "the pod's own FQDN is in /etc/hosts (hostname and subdomain)",
    scenario: withUrl("http://foo.web.app.svc.cluster.local/", (s) => {
      foo(s).hostname = "foo";
      foo(s).subdomain = "web";
      foo(s).setHostnameAsFQDN = true;
    }),
    host: "foo.web.app.svc.cluster.local",
  },
  {
    name: "a trailing dot skips /etc/hosts: the alias goes to DNS",
    scenario: withUrl("http://bar.remote./", (s) => {
      foo(s).hostAliases = [{ ip: "10.1.2.3", hostnames: ["bar.remote"] }];
    }),
    host: "bar.remote.",
  },
  {
    name: "musl with ndots:1: the absolute name only",
    scenario: withUrl("https://api.github.com/", (s) => {
      foo(s).resolver = "musl";
      foo(s).dnsConfig = { options: [{ name: "ndots", value: "1" }] };
    }),
    host: "api.github.com",
  },
];

describe.skipIf(skip !== null)("glibc and musl getaddrinfo against the trace", () => {
  const namespaces = new Namespaces("hdrs");
  let binaries: ReturnType<typeof buildGai>;
  const observed = new Map<string, Observed>();

  beforeAll(async () => {
    binaries = buildGai(work);
    let i = 0;
    for (const c of cases) {
      const trace = traceScenario(c.scenario, { seed: 1 });
      const resolver = c.scenario.pods.find((p) => `${p.namespace}/${p.name}` === c.scenario.request.from)?.resolver;
      const binary = binaries[resolver ?? "glibc"];
      observed.set(
        c.name,
        await observe({ namespaces, scenario: c.scenario, trace, host: c.host, binary, work, i: i++ }),
      );
    }
  });
  afterAll(() => {
    namespaces.removeAll();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", (name, c) => {
    const seen = observed.get(name);
    if (seen === undefined) throw new Error("setup did not run");
    const trace = traceScenario(c.scenario, { seed: 1 });
    const names = [...new Set(seen.queries.map((q) => q.split(" ")[0]))];
    expect(names).toEqual(trace.dns.queries.map((q) => q.name));
    expect(seen.queries.length).toBe(trace.dns.packets);
    const error = seen.output[0]?.startsWith("error ") ? (ERRORS[seen.output[0].slice(6)] ?? seen.output[0]) : null;
    expect(error).toBe(trace.dns.result.error);
    if (error === null) expect([...new Set(seen.output)].sort()).toEqual([...trace.dns.result.addresses].sort());
  });
});

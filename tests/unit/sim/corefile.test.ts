// The Corefile beyond kubeadm's (lib/sim/README.md, "The Corefile"): forward and stub domains, rewrite name,
// cache TTL caps, autopath @kubernetes. Expected values come from CoreDNS's plugin READMEs and code
// (plugin/autopath autopath.go + cname.go, plugin/kubernetes autopath.go, plugin/rewrite, plugin/cache), worked
// out by hand for the seed scenario (pod app/foo 10.244.1.10 on node-1, Service app/bar 10.96.12.34).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  autopathSearch,
  corefileAnswer,
  generateScenario,
  publicAddress,
  renderCorefile,
  rewriteName,
  seedScenario,
  stubDomainFor,
  traceScenario,
  validateScenario,
  type CorefileAsker,
  type Difficulty,
  type Hop,
  type Scenario,
  type ScenarioInput,
} from "../../../lib/sim";
import { seedVariant } from "./seed-variants";
import { SEED_SCENARIO } from "../../../lib/sim";

type CorefileInput = NonNullable<NonNullable<NonNullable<ScenarioInput["dns"]>["coredns"]>["corefile"]>;

function withCorefile(corefile: CorefileInput, change: (input: ScenarioInput) => void = () => {}): Scenario {
  return seedVariant((s) => {
    s.dns = { ...s.dns, coredns: { ...s.dns?.coredns, pods: "verified", corefile } };
    change(s);
  });
}

const difficulty = fc.constantFrom<Difficulty>("easy", "medium", "hard");
const FROM_FOO: CorefileAsker = { nodeUpstream: "169.254.169.253", clientIP: "10.244.1.10", searchDomains: [] };
const records = (answers: readonly { type: string; value: string }[]) => answers.map((a) => `${a.type} ${a.value}`);
const lookups = (hops: readonly Hop[]) => hops.filter((h) => h.kind === "dns.lookup");

describe("the scenario field", () => {
  it("is absent from the normalised scenario unless given, so stored scenarios keep their shape", () => {
    expect("corefile" in seedScenario().dns.coredns).toBe(false);
  });

  it("fills kubeadm's defaults when given empty: forward to the node, cache 30, no rewrite, no autopath", () => {
    const s = withCorefile({});
    expect(s.dns.coredns.corefile).toEqual({
      forward: [],
      stubDomains: {},
      rewrite: [],
      cache: { success: 30, denial: 30 },
      autopath: false,
    });
  });

  it.each([
    ["insecure", false],
    ["disabled", false],
    ["verified", true],
  ] as const)("autopath with pods %s is valid: %s (CoreDNS needs pods verified)", (pods, ok) => {
    const input = structuredClone(SEED_SCENARIO);
    input.dns = { ...input.dns, coredns: { pods, corefile: { autopath: true } } };
    const result = validateScenario(input);
    expect(result.ok).toBe(ok);
    if (!result.ok) {
      expect(result.errors).toEqual([
        {
          path: "dns.coredns.corefile.autopath",
          message: `autopath @kubernetes needs "pods verified" (dns.coredns.pods is "${pods}"): without the pod index CoreDNS finds no pod and never autopaths`,
        },
      ]);
    }
  });

  it("reports a stub domain given twice (with and without its dot) and a bad domain by path", () => {
    const input = structuredClone(SEED_SCENARIO);
    input.dns = {
      ...input.dns,
      coredns: { corefile: { stubDomains: { "corp.": ["10.0.0.53"], corp: ["10.0.0.54"] } } },
    };
    const result = validateScenario(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual(["dns.coredns.corefile.stubDomains.corp"]);
    const bad = structuredClone(SEED_SCENARIO);
    bad.dns = { ...bad.dns, coredns: { corefile: { rewrite: [{ match: "exact", from: "Bad Name", to: "x." }] } } };
    const shape = validateScenario(bad);
    expect(shape.ok).toBe(false);
    if (!shape.ok) expect(shape.errors[0]?.path).toBe("dns.coredns.corefile.rewrite.0.from");
  });
});

describe("rewrite name (plugin/rewrite: exact and suffix, first matching rule)", () => {
  const corefile = withCorefile({
    rewrite: [
      { match: "exact", from: "db.corp", to: "bar.app.svc.cluster.local" },
      { match: "suffix", from: ".svc.corp.", to: ".svc.cluster.local." },
      { match: "exact", from: "db.corp.", to: "never.example." },
    ],
  }).dns.coredns.corefile!;
  it.each([
    ["db.corp.", "exact", "bar.app.svc.cluster.local."],
    ["DB.corp", "exact", "bar.app.svc.cluster.local."],
    ["bar.app.svc.corp.", "suffix", "bar.app.svc.cluster.local."],
    ["x.db.corp.", null, null],
    ["svc.corp.", null, null],
  ])("%s → %s %s", (name, match, to) => {
    const r = rewriteName(corefile, name);
    expect(r === null ? [null, null] : [r.match, r.to]).toEqual([match, to]);
  });

  it("the rewritten name is answered (here by the kubernetes plugin) and the client keeps its own name", () => {
    const s = withCorefile({ rewrite: [{ match: "exact", from: "db.corp", to: "bar.app.svc.cluster.local" }] });
    s.request.url = "https://db.corp./";
    const trace = traceScenario(s, { seed: 1 });
    expect(trace.dns.queries.map((q) => [q.name, q.rcode, records(q.answers)])).toEqual([
      ["db.corp.", "NOERROR", ["A 10.96.12.34"]],
    ]);
    const [hop] = lookups(trace.hops);
    expect(hop?.detail.corefile).toMatchObject({
      block: ".",
      rewrite: { match: "exact", from: "db.corp.", to: "bar.app.svc.cluster.local." },
    });
    expect(hop?.detail.source).toBe("kubernetes");
    expect(hop?.summary).toContain("CoreDNS looks up bar.app.svc.cluster.local. instead of db.corp.");
    expect(trace.connection?.dst).toBe("10.96.12.34:443");
  });
});

describe("forward and stub domains (kube-dns stubDomains → extra server blocks)", () => {
  const s = withCorefile({
    forward: ["8.8.8.8", "1.1.1.1"],
    stubDomains: { "example.corp": ["10.0.0.53"], "eu.example.corp.": ["10.0.1.53"] },
  });
  const corefile = s.dns.coredns.corefile!;
  it.each([
    ["db.example.corp.", "example.corp"],
    ["example.corp.", "example.corp"],
    ["a.eu.example.corp.", "eu.example.corp."],
    ["notexample.corp.", null],
    ["api.github.com.", null],
    ["bar.app.svc.cluster.local.", null],
  ])("%s goes to the server block %s", (name, block) => {
    expect(stubDomainFor(corefile, name)).toBe(block);
  });

  it.each([
    ["db.example.corp.", "example.corp", "10.0.0.53", "NXDOMAIN"],
    ["api.github.com.", ".", "8.8.8.8", "NOERROR"],
    ["bar.app.svc.cluster.local.", ".", null, "NOERROR"],
  ])("%s: block %s, upstream %s, %s", (name, block, upstream, rcode) => {
    const answer = corefileAnswer(s, corefile, name, "A", FROM_FOO);
    expect([answer.corefile.block, answer.forwardedTo, answer.rcode]).toEqual([block, upstream, rcode]);
  });

  it("an ExternalName's target is resolved through the server again, so its stub domain's block answers it", () => {
    const v = withCorefile({ forward: ["8.8.8.8"], stubDomains: { "example.corp": ["10.0.0.53"] } }, (input) => {
      input.services.push({ namespace: "app", name: "db", type: "ExternalName", externalName: "db.example.corp" });
      input.externalDNS = { "db.example.corp": ["10.0.0.80"] };
    });
    const answer = corefileAnswer(v, v.dns.coredns.corefile!, "db.app.svc.cluster.local.", "A", FROM_FOO);
    expect([answer.rcode, records(answer.answers), answer.forwardedTo]).toEqual([
      "NOERROR",
      ["CNAME db.example.corp.", "A 10.0.0.80"],
      "10.0.0.53",
    ]);
    // a target outside every stub domain goes to forward's upstream
    const w = withCorefile({ forward: ["8.8.8.8"] }, (input) => {
      input.services.push({ namespace: "app", name: "gh", type: "ExternalName", externalName: "api.github.com" });
    });
    expect(corefileAnswer(w, w.dns.coredns.corefile!, "gh.app.svc.cluster.local.", "A", FROM_FOO).forwardedTo).toBe(
      "8.8.8.8",
    );
  });

  it("a stub domain for the cluster zone takes its names away from the kubernetes plugin (a more specific block)", () => {
    const v = withCorefile({ stubDomains: { "svc.cluster.local": ["10.9.9.9"] } });
    const answer = corefileAnswer(v, v.dns.coredns.corefile!, "bar.app.svc.cluster.local.", "A", FROM_FOO);
    expect([answer.corefile.block, answer.source, answer.forwardedTo, answer.rcode]).toEqual([
      "svc.cluster.local",
      "upstream",
      "10.9.9.9",
      "NXDOMAIN",
    ]);
    // names of the zone outside the stub stay with the kubernetes plugin in .:53
    const pod = corefileAnswer(v, v.dns.coredns.corefile!, "10-244-1-10.app.pod.cluster.local.", "A", FROM_FOO);
    expect([pod.corefile.block, pod.source]).toEqual([".", "kubernetes"]);
  });

  it("the trace's dns.lookup says which upstream the stub domain's block asked", () => {
    const v = withCorefile({ stubDomains: { "example.corp": ["10.0.0.53"] } }, (input) => {
      input.externalDNS = { "db.example.corp": ["10.0.0.80"] };
      input.request = { from: "app/foo", url: "http://db.example.corp./" };
    });
    const trace = traceScenario(v, { seed: 1 });
    const [hop] = lookups(trace.hops);
    expect(hop?.detail.forwardedTo).toBe("10.0.0.53");
    expect(hop?.detail.corefile).toMatchObject({ block: "example.corp" });
    expect(
      hop?.summary.startsWith(
        "db.example.corp. is under the stub domain example.corp, so the Corefile's server block example.corp:53 forwards it to 10.0.0.53: ",
      ),
    ).toBe(true);
    expect(trace.dns.result.addresses).toEqual(["10.0.0.80"]);
  });
});

describe("cache caps the TTLs (plugin/cache: success and denial)", () => {
  it.each([
    // [success cap, denial cap, coredns ttl, name, expected ttl]
    [30, 30, 30, "bar.app.svc.cluster.local.", 30], // kubernetes answer, ttl 30 = cap
    [10, 30, 30, "bar.app.svc.cluster.local.", 10], // capped
    [3600, 3600, 5, "bar.app.svc.cluster.local.", 5], // the record's own TTL is lower
    [30, 30, 30, "api.github.com.", 30], // upstream 300 s capped to 30
    [3600, 3600, 30, "api.github.com.", 300], // upstream's own 300 s
    [3600, 7, 30, "nope.app.svc.cluster.local.", 7], // NXDOMAIN: denial cap
    [3600, 7, 30, "nothing.invalid.", 7], // upstream NXDOMAIN: denial cap
    [3600, 3600, 0, "bar.app.svc.cluster.local.", 5], // below the 5 s minimum: raised to it (computeTTL)
    [3, 3600, 0, "bar.app.svc.cluster.local.", 3], // then capped: a cap below the minimum wins
  ])("success %i denial %i ttl %i: %s → %i", (success, denial, ttl, name, expected) => {
    const s = withCorefile({ cache: { success, denial } }, (input) => {
      input.dns = { ...input.dns, coredns: { ...input.dns?.coredns, ttl } };
    });
    expect(corefileAnswer(s, s.dns.coredns.corefile!, name, "A", FROM_FOO).corefile.ttl).toBe(expected);
  });
});

it("SERVFAIL (CoreDNS not synced) is cached for 5 s whatever the denial cap", () => {
  const s = withCorefile({ cache: { success: 30, denial: 1 } }, (input) => {
    input.dns = { ...input.dns, coredns: { ...input.dns?.coredns, synced: false } };
  });
  const answer = corefileAnswer(s, s.dns.coredns.corefile!, "bar.app.svc.cluster.local.", "A", FROM_FOO);
  expect([answer.rcode, answer.corefile.ttl]).toEqual(["SERVFAIL", 5]);
});

describe("autopath @kubernetes (plugin/autopath, plugin/kubernetes AutoPath)", () => {
  const s = withCorefile({ autopath: true }, (input) => {
    input.nodes.forEach((n) => (n.searchDomains = ["us-east-2.compute.internal"]));
  });
  const corefile = s.dns.coredns.corefile!;

  it("the search path: the pod's namespace, svc, the zone, CoreDNS's own search domains, the name as is", () => {
    expect(autopathSearch(s, "10.244.1.10", ["us-east-2.compute.internal"])).toEqual({
      pod: "app/foo",
      search: ["app.svc.cluster.local", "svc.cluster.local", "cluster.local", "us-east-2.compute.internal", ""],
    });
    expect(autopathSearch(s, "192.168.0.11", [])).toBeNull(); // a node (or NodeLocal DNSCache): no pod
  });

  it.each([
    // [name, answers, answeredBy, tried]
    [
      "api.github.com.app.svc.cluster.local.",
      ["CNAME api.github.com.", `A ${publicAddress("api.github.com")}`],
      "api.github.com.",
      5,
    ],
    // found in the first element: the answer as is, no CNAME (cnamer skips records named as asked)
    ["bar.app.svc.cluster.local.", ["A 10.96.12.34"], "bar.app.svc.cluster.local.", 1],
    // the svc element: bar.app is Service bar in namespace app
    [
      "bar.app.app.svc.cluster.local.",
      ["CNAME bar.app.svc.cluster.local.", "A 10.96.12.34"],
      "bar.app.svc.cluster.local.",
      2,
    ],
    // nothing resolves: the first reply (NXDOMAIN) as is, the client searches on
    ["nope.app.svc.cluster.local.", [], null, 5],
  ])("%s → %j via %s after %i names", (name, answers, answeredBy, tried) => {
    const answer = corefileAnswer(s, corefile, name, "A", {
      ...FROM_FOO,
      searchDomains: ["us-east-2.compute.internal"],
    });
    expect(records(answer.answers)).toEqual(answers);
    expect(answer.corefile.autopath?.answeredBy).toBe(answeredBy);
    expect(answer.corefile.autopath?.tried).toHaveLength(tried);
    expect(answer.rcode).toBe(answeredBy === null ? "NXDOMAIN" : "NOERROR");
  });

  // plugin/autopath autopath_test.go TestInSearchPath, for a pod in namespace app
  it.each([
    ["google.com.", false],
    ["app.svc.cluster.local.", true],
    ["a.app.svc.cluster.local.", true],
    ["a.b.svc.cluster.local.", false],
  ])("%s is in the search path: %s", (name, inPath) => {
    expect(corefileAnswer(s, corefile, name, "A", FROM_FOO).corefile.autopath !== null).toBe(inPath);
  });

  it("the first search domain itself: TrimZone overshoots and CoreDNS answers SERVFAIL", () => {
    const answer = corefileAnswer(s, corefile, "app.svc.cluster.local.", "A", FROM_FOO);
    expect([answer.rcode, answer.answers, answer.corefile.autopath?.tried]).toEqual(["SERVFAIL", [], []]);
  });

  it.each([
    ["a query outside the pod's first search domain", "bar.svc.cluster.local.", "10.244.1.10"],
    ["a query from an address no pod has", "api.github.com.app.svc.cluster.local.", "192.168.0.11"],
    ["a query from NodeLocal DNSCache", "api.github.com.app.svc.cluster.local.", null],
  ])("does not apply to %s", (_what, name, clientIP) => {
    expect(corefileAnswer(s, corefile, name, "A", { ...FROM_FOO, clientIP }).corefile.autopath).toBeNull();
  });

  it("api.github.com under ndots:5 takes one query instead of five", () => {
    const v = withCorefile({ autopath: true }, (input) => {
      input.nodes.forEach((n) => (n.searchDomains = ["us-east-2.compute.internal"]));
      input.request = { from: "app/foo", url: "https://api.github.com/" };
    });
    const trace = traceScenario(v, { seed: 1 });
    const ip = publicAddress("api.github.com");
    expect(trace.dns.queries.map((q) => [q.name, q.rcode, records(q.answers)])).toEqual([
      ["api.github.com.app.svc.cluster.local.", "NOERROR", ["CNAME api.github.com.", `A ${ip}`]],
    ]);
    expect(trace.dns.packets).toBe(2);
    expect(trace.dns.result).toEqual({ addresses: [ip], error: null });
    const [hop] = lookups(trace.hops);
    expect(hop?.summary).toContain("autopath");
    expect(hop?.summary).toContain("CNAME from api.github.com.app.svc.cluster.local. to api.github.com.");

    // without autopath, the same scenario searches: four misses, then the name as is
    const plain = seedVariant((input) => {
      input.nodes.forEach((n) => (n.searchDomains = ["us-east-2.compute.internal"]));
      input.request = { from: "app/foo", url: "https://api.github.com/" };
    });
    expect(traceScenario(plain, { seed: 1 }).dns.queries.map((q) => q.rcode)).toEqual([
      "NXDOMAIN",
      "NXDOMAIN",
      "NXDOMAIN",
      "NXDOMAIN",
      "NOERROR",
    ]);
  });

  it("a hostNetwork client is found by its node's address: the first pod indexed with it gives the namespace", () => {
    const v = withCorefile({ autopath: true }, (input) => {
      input.pods.push(
        { namespace: "kube-system", name: "agent", node: "node-1", ip: "192.168.0.11", hostNetwork: true },
        {
          namespace: "app",
          name: "probe",
          node: "node-1",
          ip: "192.168.0.11",
          hostNetwork: true,
          dnsPolicy: "ClusterFirstWithHostNet",
        },
      );
      input.request = { from: "app/probe", url: "https://api.github.com/" };
    });
    const trace = traceScenario(v, { seed: 1 });
    // CoreDNS walks kube-system's search path, but the client asked under app.svc: not autopathed
    expect(autopathSearch(v, "192.168.0.11", [])?.pod).toBe("kube-system/agent");
    expect(trace.dns.queries).toHaveLength(4);
    expect(lookups(trace.hops).every((h) => (h.detail.corefile as { autopath: unknown }).autopath === null)).toBe(true);
  });

  it("with NodeLocal DNSCache in front, CoreDNS sees the cache's address and autopath does nothing", () => {
    const v = withCorefile({ autopath: true }, (input) => {
      input.dns = { ...input.dns, nodeLocalDNS: "169.254.20.10" };
      input.request = { from: "app/foo", url: "https://api.github.com/" };
    });
    expect(traceScenario(v, { seed: 1 }).dns.queries).toHaveLength(4);
  });
});

describe("without a corefile nothing changes", () => {
  it("an empty corefile gives the seed trace's queries, answers and hop kinds", () => {
    const plain = traceScenario(seedScenario(), { seed: 7 });
    const configured = traceScenario(
      withCorefile({}, (s) => (s.dns!.coredns!.pods = "insecure")),
      { seed: 7 },
    );
    expect(configured.dns).toEqual(plain.dns);
    expect(configured.hops.map((h) => h.kind)).toEqual(plain.hops.map((h) => h.kind));
    expect(lookups(configured.hops)[0]?.detail.ttl).toBe(30);
  });
});

describe("the Corefile as CoreDNS reads it", () => {
  it("without a corefile: kubeadm's Corefile (cmd/kubeadm/app/phases/addons/dns manifests.go)", () => {
    expect(renderCorefile(seedScenario())).toBe(
      [
        ".:53 {",
        "    errors",
        "    health {",
        "       lameduck 5s",
        "    }",
        "    ready",
        "    kubernetes cluster.local in-addr.arpa ip6.arpa {",
        "       pods insecure",
        "       fallthrough in-addr.arpa ip6.arpa",
        "       ttl 30",
        "    }",
        "    prometheus :9153",
        "    forward . /etc/resolv.conf {",
        "       max_concurrent 1000",
        "    }",
        "    cache 30",
        "    loop",
        "    reload",
        "    loadbalance",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("with forward, rewrite, cache caps, autopath and a stub domain's own server block", () => {
    const s = withCorefile({
      forward: ["8.8.8.8", "1.1.1.1"],
      stubDomains: { "example.corp.": ["10.0.0.53"] },
      rewrite: [{ match: "suffix", from: ".svc.corp.", to: ".svc.cluster.local." }],
      cache: { success: 60, denial: 5 },
      autopath: true,
    });
    const text = renderCorefile(s);
    expect(text).toContain(
      [
        "    ready",
        "    rewrite stop {",
        "        name regex ^(.*)\\.svc\\.corp\\.$ {1}.svc.cluster.local.",
        "        answer name ^(.*)\\.svc\\.cluster\\.local\\.$ {1}.svc.corp.",
        "    }",
        "    autopath @kubernetes",
        "",
      ].join("\n"),
    );
    expect(text).toContain("       pods verified\n");
    expect(text).toContain("    forward . 8.8.8.8 1.1.1.1 {\n");
    expect(text).toContain("    cache {\n       success 9984 60\n       denial 9984 5\n    }\n");
    expect(
      text.endsWith(
        "}\nexample.corp:53 {\n    errors\n    cache {\n       success 9984 60\n       denial 9984 5\n    }\n    forward . 10.0.0.53\n}\n",
      ),
    ).toBe(true);
  });

  it("the coredns.watch context names what the Corefile adds", () => {
    const s = withCorefile({ forward: ["8.8.8.8"], stubDomains: { "example.corp": ["10.0.0.53"] }, autopath: true });
    const fact = traceScenario(s, { seed: 1 }).context.find((c) => c.kind === "coredns.watch");
    expect(fact?.summary).toBe(
      "CoreDNS (kube-system/coredns-0, kube-system/coredns-1) watches Services, EndpointSlices and Namespaces and serves cluster.local (pods verified, ttl 30); other names are forwarded to 8.8.8.8; names under example.corp go to the server block forwarding to 10.0.0.53; autopath @kubernetes walks a verified pod's search path on the server; answers are cached for at most 30 s, denials 30 s.",
    );
  });

  it("a name rewritten into a stub domain is still answered by the .:53 block's forward (the block is chosen first)", () => {
    const s = withCorefile({
      forward: ["8.8.8.8"],
      stubDomains: { "example.corp": ["10.0.0.53"] },
      rewrite: [{ match: "exact", from: "db.old", to: "db.example.corp" }],
    });
    const answer = corefileAnswer(s, s.dns.coredns.corefile!, "db.old.", "A", FROM_FOO);
    expect([answer.corefile.block, answer.forwardedTo, answer.corefile.rewrite?.to]).toEqual([
      ".",
      "8.8.8.8",
      "db.example.corp.",
    ]);
  });
});

describe("over generated scenarios", () => {
  const variant = (s: number, d: Difficulty, corefile: CorefileInput | undefined): Scenario => {
    const input = generateScenario(s, d);
    input.dns = { ...input.dns, coredns: { ...input.dns?.coredns, pods: "verified", corefile } };
    const result = validateScenario(input);
    if (!result.ok) throw new Error(`invalid: ${JSON.stringify(result.errors)}`);
    return result.value;
  };

  it("kubeadm's Corefile written out (forward to the node, cache 30) gives the same DNS as none", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), difficulty, (s, d) => {
        const plain = traceScenario(variant(s, d, undefined), { seed: s });
        const written = traceScenario(variant(s, d, {}), { seed: s });
        expect(written.dns).toEqual(plain.dns);
        expect(written.connection).toEqual(plain.connection);
      }),
      { numRuns: 60 },
    );
  });

  it("autopath never makes the client send more queries", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), difficulty, (s, d) => {
        const plain = traceScenario(variant(s, d, undefined), { seed: s });
        const autopathed = traceScenario(variant(s, d, { autopath: true }), { seed: s });
        expect(autopathed.dns.queries.length).toBeLessThanOrEqual(plain.dns.queries.length);
      }),
      { numRuns: 60 },
    );
  });
});

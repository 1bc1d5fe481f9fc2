// The default public internet behind upstream DNS (lib/sim/README.md, "What cluster DNS answers"): names under a
// delegated TLD exist with an address that depends only on the name; externalDNS overrides per name.
import { describe, expect, it } from "vitest";
import {
  delegatedTld,
  publicAddress,
  seedScenario,
  traceScenario,
  upstreamAnswer,
  validateScenario,
} from "../../../lib/sim";
import { seedVariant } from "./seed-variants";

describe("delegated public TLDs (IANA root zone list)", () => {
  it.each([
    ["api.github.com", "com"],
    ["bar.app", "app"],
    ["s3.amazonaws.com", "com"],
    ["www.example.co.uk", "uk"],
  ])("%s is under .%s", (name, tld) => {
    expect(delegatedTld(name)).toBe(tld);
  });

  it.each([
    "bar",
    "com",
    "svc.corp.example",
    "us-east-2.compute.internal",
    "db.test",
    "x.invalid",
    "printer.local",
    "a.localhost",
  ])("%s is not a public name", (name) => {
    expect(delegatedTld(name)).toBeNull();
  });
});

describe("the stable address of a public name", () => {
  // Independent check: python3 -c 'import hashlib; d=hashlib.sha256(b"api.github.com").digest();
  // print(["203.0.113","198.51.100"][d[0]%2]+"."+str(1+d[1]%254))'
  it.each([
    ["api.github.com", "198.51.100.49"],
    ["google.com", "203.0.113.202"],
    ["bar.app", "203.0.113.52"],
  ])("%s → %s", (name, ip) => {
    expect(publicAddress(name)).toBe(ip);
  });
});

describe("upstreamAnswer: defaults and externalDNS overrides", () => {
  const scenario = (externalDNS: Record<string, string[] | null>) =>
    seedVariant((s) => {
      s.externalDNS = externalDNS;
    });

  it("a public name answers its stable A, NODATA for AAAA", () => {
    const s = seedScenario();
    const a = upstreamAnswer(s, "api.github.com.", "A", "169.254.169.253");
    expect(a.rcode).toBe("NOERROR");
    expect(a.answers).toEqual([{ type: "A", value: "198.51.100.49" }]);
    const aaaa = upstreamAnswer(s, "api.github.com.", "AAAA", "169.254.169.253");
    expect([aaaa.rcode, aaaa.answers]).toEqual(["NOERROR", []]);
  });

  it("a name under no delegated TLD is NXDOMAIN", () => {
    expect(upstreamAnswer(seedScenario(), "bar.", "A", "169.254.169.253").rcode).toBe("NXDOMAIN");
    expect(upstreamAnswer(seedScenario(), "svc.corp.example.", "A", "169.254.169.253").rcode).toBe("NXDOMAIN");
  });

  it("externalDNS addresses replace the default; [] is NODATA; null is NXDOMAIN", () => {
    const s = scenario({ "api.github.com": ["140.82.112.6"], "empty.example.com": [], "gone.example.org": null });
    expect(upstreamAnswer(s, "api.github.com.", "A", "1.1.1.1").answers).toEqual([
      { type: "A", value: "140.82.112.6" },
    ]);
    const empty = upstreamAnswer(s, "empty.example.com.", "A", "1.1.1.1");
    expect([empty.rcode, empty.answers.length, empty.soa]).toEqual(["NOERROR", 0, true]);
    expect(upstreamAnswer(s, "gone.example.org.", "A", "1.1.1.1").rcode).toBe("NXDOMAIN");
    // names the override does not mention keep the default
    expect(upstreamAnswer(s, "other.example.org.", "A", "1.1.1.1").answers).toHaveLength(1);
  });

  it("externalDNS accepts null and [] in a scenario file", () => {
    const input = { ...structuredClone(seedScenario()), externalDNS: { "a.example.com": [], "b.example.com": null } };
    expect(validateScenario(input).ok).toBe(true);
  });
});

describe("regression: external names do not exist unless declared", () => {
  it("https://api.github.com/ under ndots:5: four search-list misses, then the real name answers", () => {
    const trace = traceScenario(
      seedVariant((s) => {
        s.request.url = "https://api.github.com/";
      }),
      { seed: 1 },
    );
    expect(trace.dns.queries.map((q) => [q.name, q.rcode])).toEqual([
      ["api.github.com.app.svc.cluster.local.", "NXDOMAIN"],
      ["api.github.com.svc.cluster.local.", "NXDOMAIN"],
      ["api.github.com.cluster.local.", "NXDOMAIN"],
      ["api.github.com.", "NOERROR"],
    ]);
    expect(trace.dns.result.addresses).toEqual(["198.51.100.49"]);
    expect(trace.connection?.outcome).toBe("established");
  });

  it("with ndots:1 the resolver stops after the absolute name succeeds (no search-list queries)", () => {
    for (const resolver of ["glibc", "musl"] as const) {
      const trace = traceScenario(
        seedVariant((s) => {
          s.request.url = "https://api.github.com/";
          const foo = s.pods.find((p) => p.name === "foo");
          if (foo === undefined) throw new Error("seed has foo");
          foo.resolver = resolver;
          foo.dnsConfig = { options: [{ name: "ndots", value: "1" }] };
        }),
        { seed: 1 },
      );
      expect(trace.dns.queries.map((q) => q.name)).toEqual(["api.github.com."]);
      expect(trace.dns.packets).toBe(2);
    }
  });
});

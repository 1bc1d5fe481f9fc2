/**
 * The seed set's follow-up flashcards state what the simulation does: each card's claims, checked on the
 * built-in seed scenario changed as its question says. A card that drifts from the simulation (or the
 * simulation from upstream behaviour the card teaches) fails here.
 */
import { describe, expect, it } from "vitest";
import { SEED_SET } from "../../../lib/content";
import { traceScenario, type ScenarioInput, type Trace } from "../../../lib/sim";
import { seedVariant } from "../sim/seed-variants";

function flashcard(id: string): { front: string; back: string } {
  const item = SEED_SET.items.find((i) => i.id === id);
  if (item === undefined || item.kind !== "flashcard") throw new Error(`no flashcard ${id}`);
  return item;
}
const back = (id: string) => flashcard(id).back;

const queried = (trace: Trace) => trace.hops.filter((h) => h.kind === "dns.query").map((h) => h.detail["name"]);
const lookups = (trace: Trace) => trace.hops.filter((h) => h.kind === "dns.lookup").map((h) => h.detail["rcode"]);

function fooRequest(url: string, change: (input: ScenarioInput) => void = () => {}): Trace {
  return traceScenario(
    seedVariant((s) => {
      s.request = { from: "app/foo", url };
      change(s);
    }),
    { seed: 1 },
  );
}

describe("the seed set's follow-up flashcards agree with the simulation", () => {
  it("external-name-lookups: the names it lists, in order, their answers, and the 8 query packets", () => {
    const trace = fooRequest("https://api.github.com/");
    const listed = [...back("external-name-lookups").matchAll(/^\d\. `([^`]+)`/gm)].map((m) => m[1]);
    expect(listed).toHaveLength(4);
    expect(queried(trace)).toEqual(listed);
    expect(lookups(trace)).toEqual(["NXDOMAIN", "NXDOMAIN", "NXDOMAIN", "NOERROR"]);
    const packets = trace.hops
      .filter((h) => h.kind === "dns.query")
      .reduce((n, h) => n + (h.detail["types"] as unknown[]).length, 0);
    expect(back("external-name-lookups")).toContain(`${packets} query packets`);
    expect(packets).toBe(8);
    // the ways out it names: a trailing dot, and ndots:2, both ask for the name as is first
    expect(queried(fooRequest("https://api.github.com./"))).toEqual(["api.github.com."]);
    const ndots2 = fooRequest("https://api.github.com/", (s) => {
      const foo = s.pods.find((p) => p.name === "foo");
      if (foo === undefined) throw new Error("seed has foo");
      foo.dnsConfig = { options: [{ name: "ndots", value: "2" }] };
    });
    expect(queried(ndots2)[0]).toBe("api.github.com.");
  });

  it("hosts-before-dns: a hostAliases name is answered from /etc/hosts with no DNS query; with a dot it is not", () => {
    const withAlias = (s: ScenarioInput) => {
      const foo = s.pods.find((p) => p.name === "foo");
      if (foo === undefined) throw new Error("seed has foo");
      foo.hostAliases = [{ ip: "10.0.0.5", hostnames: ["legacy-db"] }];
    };
    const trace = fooRequest("https://legacy-db/", withAlias);
    expect(flashcard("hosts-before-dns").front).toContain("`10.0.0.5 legacy-db`");
    expect(back("hosts-before-dns")).toContain("returns `10.0.0.5` without asking");
    expect(trace.hops.some((h) => h.kind === "resolver.hosts")).toBe(true);
    expect(queried(trace)).toEqual([]);
    expect(trace.connection?.dst).toBe("10.0.0.5:443");
    expect(queried(fooRequest("https://legacy-db./", withAlias))).toEqual(["legacy-db."]);
  });

  it("outside-traffic-local-policy: Local keeps the client's address, drops without a local endpoint; Cluster masquerades", () => {
    const text = back("outside-traffic-local-policy");
    const outside = (policy: "Cluster" | "Local", node: string) =>
      traceScenario(
        seedVariant((s) => {
          const bar = s.services[0];
          if (bar === undefined) throw new Error("seed has bar");
          bar.type = "NodePort";
          bar.ports = [{ name: "https", port: 443, targetPort: 8443, protocol: "TCP", nodePort: 30443 }];
          bar.externalTrafficPolicy = policy;
          s.pods = s.pods.filter((p) => p.name !== "bar-1"); // bar's only endpoint is on node-2
          s.request = { from: "external/203.0.113.50", url: `https://${node}:30443/` };
        }),
        { seed: 1 },
      );
    const local = outside("Local", "192.168.0.12");
    expect(local.connection?.seenSource?.startsWith("203.0.113.50:")).toBe(true);
    expect(local.proxy?.chains.some((c) => c.startsWith("KUBE-EXT-"))).toBe(true);
    expect(text).toContain("`KUBE-EXT-…`");
    const drop = outside("Local", "192.168.0.11").hops.find((h) => h.kind === "proxy.drop");
    expect(drop?.detail["rule"]).toContain("has no local endpoints");
    expect(text).toContain('"has no local endpoints"');
    const cluster = outside("Cluster", "192.168.0.11");
    expect(cluster.connection?.snat).toBe(true);
    expect(cluster.connection?.seenSource?.startsWith("203.0.113.50:")).toBe(false);
  });
});

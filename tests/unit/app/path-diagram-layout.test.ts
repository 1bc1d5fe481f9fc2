import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diagramLayout } from "../../../app/_components/path-diagram-layout";
import { seedScenario, traceScenario, type Trace } from "../../../lib/sim/index";
import { scenarioVariant } from "../../../lib/content";
import { generatorOptionsSchema } from "../../../lib/schemas/question-set";

function variant(placement: "same-node" | "cross-node", seed = 1): Trace {
  const options = generatorOptionsSchema.parse({ difficulty: "easy", serviceKinds: ["ClusterIP"], placement });
  const found = scenarioVariant(seed, options);
  if (!found?.matchesOptions) throw new Error(`no ${placement} variant near seed ${seed}`);
  return found.trace;
}

describe("the path diagram layout", () => {
  it("has one row per hop, top to bottom, inside the drawing", () => {
    const trace = traceScenario(seedScenario(), { seed: 1 });
    const layout = diagramLayout(trace);
    expect(layout.rows).toHaveLength(trace.hops.length);
    layout.rows.forEach((row, i) => {
      expect(row.hopIndex).toBe(i);
      expect(row.kind).toBe(trace.hops[i]?.kind);
      if (i > 0) expect(row.y).toBeGreaterThan(layout.rows[i - 1]!.y);
      expect(row.y).toBeLessThan(layout.height);
      for (const x of [row.x1, row.x2]) {
        expect(x).toBeGreaterThan(0);
        expect(x).toBeLessThan(layout.width);
      }
    });
  });

  it("cross-node: five lanes, the request crosses from the client node to the backend node and back", () => {
    const trace = variant("cross-node");
    const layout = diagramLayout(trace);
    expect(layout.lanes.map((l) => l.id)).toEqual([
      "client-pod",
      "client-node",
      "coredns",
      "backend-node",
      "backend-pod",
    ]);
    expect(layout.lanes[4]?.subtitle).toBe(trace.connection?.backendPod);
    const route = layout.rows.find((r) => r.kind === "net.route");
    expect(route).toMatchObject({ from: "client-node", to: "backend-node", self: false });
    expect(layout.rows.find((r) => r.kind === "net.route-back")).toMatchObject({
      from: "backend-node",
      to: "client-node",
    });
  });

  it("same node: no backend-node lane; the packet goes from the node to the backend pod", () => {
    const layout = diagramLayout(variant("same-node"));
    expect(layout.lanes.map((l) => l.id)).not.toContain("backend-node");
    expect(layout.rows.find((r) => r.kind === "net.route")).toMatchObject({ from: "client-node", to: "backend-pod" });
  });

  it("labels each address rewrite and shows the packet's addresses after it", () => {
    const trace = variant("cross-node", 7);
    const layout = diagramLayout(trace);
    const dnsNat = layout.rows.find((r) => r.kind === "dns.service-nat");
    expect(dnsNat).toMatchObject({ rewrite: "DNAT", from: "client-node", to: "coredns" });
    const dnat = layout.rows.find((r) => r.kind === "proxy.dnat");
    expect(dnat?.rewrite).toBe("DNAT");
    // after the DNAT the destination is the chosen backend, as the trace's connection says
    expect(dnat?.addresses?.endsWith(`→ ${trace.connection?.backend}`)).toBe(true);
    const reverse = layout.rows.find((r) => r.kind === "conntrack.reverse");
    expect(reverse?.rewrite).toBe("reverse NAT");
    // after the reverse NAT the reply comes from the Service address the client connected to
    expect(reverse?.addresses?.startsWith(`${trace.connection?.dst} →`)).toBe(true);
    expect(layout.rows.filter((r) => r.kind === "app.request").every((r) => r.addresses === null && r.self)).toBe(true);
  });

  it("carries marks by hop index", () => {
    const trace = traceScenario(seedScenario(), { seed: 1 });
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.nat(trace.hops.length - 1), fc.constantFrom("matched", "out-of-order", "missing" as const)),
        ),
        (entries) => {
          const marks = new Map(entries);
          const layout = diagramLayout(trace, marks);
          layout.rows.forEach((row) => expect(row.mark).toBe(marks.get(row.hopIndex) ?? null));
        },
      ),
      { numRuns: 50 },
    );
  });
});

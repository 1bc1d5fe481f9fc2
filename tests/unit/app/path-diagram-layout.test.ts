import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diagramLayout, EVENT_HALF, type DiagramLayout } from "../../../app/_components/path-diagram-layout";
import { boxesIntersect, boxInside, type Box } from "../../../app/_components/svg-text";
import {
  diagramTraceOf,
  generateScenario,
  seedScenario,
  traceScenario,
  validateScenario,
  type Difficulty,
  type Trace,
} from "../../../lib/sim/index";
import { longNamedTrace } from "../../fixtures/long-named-scenario";
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

const MARKS = ["matched", "out-of-order", "missing"] as const;

/** No text overlaps another, an arrow, an event or a lifeline; all stay inside the drawing. */
function expectReadable(layout: DiagramLayout) {
  const drawing: Box = { x: 0, y: 0, width: layout.width, height: layout.height };
  const texts = layout.texts;
  expect(texts.length).toBeGreaterThanOrEqual(layout.lanes.length + layout.rows.length);
  for (const [i, text] of texts.entries()) {
    expect(boxInside(text.box, drawing), `"${text.lines.join(" ")}" leaves the drawing`).toBe(true);
    for (const other of texts.slice(i + 1)) {
      expect(boxesIntersect(text.box, other.box), `"${text.full}" overlaps "${other.full}"`).toBe(false);
    }
  }
  const rowTexts = layout.rows.flatMap((r) => [r.labelText, r.addressText].filter((t) => t !== null));
  for (const text of rowTexts) {
    for (const lane of layout.lanes) {
      const crosses = text.box.x < lane.x && lane.x < text.box.x + text.box.width;
      expect(crosses, `"${text.full}" crosses the ${lane.id} lifeline`).toBe(false);
    }
    for (const row of layout.rows) {
      const shape: Box = row.self
        ? { x: row.x1 - EVENT_HALF, y: row.y - EVENT_HALF, width: 2 * EVENT_HALF, height: 2 * EVENT_HALF }
        : { x: Math.min(row.x1, row.x2), y: row.y - 1, width: Math.abs(row.x2 - row.x1), height: 2 };
      expect(boxesIntersect(text.box, shape), `"${text.full}" covers hop ${row.hopIndex + 1}`).toBe(false);
    }
  }
  // the lanes' names end above the lifelines
  for (const lane of layout.lanes) {
    const bottom = Math.max(...[lane.titleText, lane.subtitleText].map((t) => (t ? t.box.y + t.box.height : 0)));
    expect(bottom).toBeLessThan(layout.headerHeight - 12);
  }
}

describe("the path diagram's labels", () => {
  it("draws the part of a trace a study card sends exactly as the whole trace, from a fraction of its bytes", () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.constantFrom<Difficulty>("easy", "medium", "hard"), (seed, difficulty) => {
        const trace = longNamedTrace(seed, difficulty) ?? traceScenario(seedScenario(), { seed });
        const sent = diagramTraceOf(trace);
        expect(diagramLayout(sent)).toEqual(diagramLayout(trace));
        expect(sent.scenario.pods.map((p) => `${p.namespace}/${p.name}`)).toEqual([trace.scenario.request.from]);
        expect(JSON.stringify(sent).length).toBeLessThan(JSON.stringify(trace).length / 2);
      }),
      { numRuns: 50 },
    );
  });

  it("never overlap each other, an arrow, an event or a lifeline, and stay inside the drawing, whatever the names", () => {
    let drawn = 0;
    fc.assert(
      fc.property(
        fc.nat(1_000_000),
        fc.constantFrom<Difficulty>("easy", "medium", "hard"),
        fc.boolean(),
        fc.array(fc.constantFrom(...MARKS), { maxLength: 40 }),
        (seed, difficulty, long, markList) => {
          const trace = long ? longNamedTrace(seed, difficulty) : traceScenario(seedScenario(), { seed });
          if (trace === null) return;
          drawn += 1;
          const marks = new Map(markList.slice(0, trace.hops.length).map((m, i) => [i, m]));
          expectReadable(diagramLayout(trace, marks));
        },
      ),
      { numRuns: 100 },
    );
    expect(drawn).toBeGreaterThan(60);
  });

  it("wraps a long node name onto two lines at its dots and dashes, and keeps the whole name as its title", () => {
    const trace = longNamedTrace(3, "medium") ?? longNamedTrace(4, "medium");
    if (trace === null) throw new Error("no long-named scenario");
    const lane = diagramLayout(trace).lanes.find((l) => l.id === "client-node");
    expect(lane?.subtitle).toMatch(/^ip-\d+-\d+-\d+-\d+\.us-east-2\.compute\.internal$/);
    expect(lane?.subtitleText?.lines).toHaveLength(2);
    expect(lane?.subtitleText?.lines.join("")).toBe(lane?.subtitle);
    expect(lane?.subtitleText?.lines[0]).toMatch(/[.-]$/);
    expect(lane?.subtitleText).toMatchObject({ full: lane?.subtitle, needsTitle: true });
  });

  it("shortens a client pod name too long for two lines, keeping its start and its unique end", () => {
    const trace = longNamedTrace(5, "easy");
    if (trace === null) throw new Error("no long-named scenario");
    const lane = diagramLayout(trace).lanes.find((l) => l.id === "client-pod");
    const name = trace.scenario.request.from;
    expect(lane?.subtitleText?.full).toBe(name);
    expect(lane?.subtitleText?.needsTitle).toBe(true);
    const shown = lane?.subtitleText?.lines ?? [];
    expect(shown.length).toBeLessThanOrEqual(2);
    expect(name.startsWith(shown[0] ?? "?")).toBe(true);
    expect(shown.at(-1)).toMatch(/^….*x2k9p$/);
  });

  it("puts the learner's marks in a gutter left of the lanes, and leaves the gutter out without marks", () => {
    const trace = traceScenario(seedScenario(), { seed: 1 });
    const plain = diagramLayout(trace);
    const marked = diagramLayout(trace, new Map([[0, "out-of-order" as const]]));
    expect(plain.rows.every((r) => r.markText === null)).toBe(true);
    const mark = marked.rows[0]?.markText;
    expect(mark?.lines).toEqual(["↕ out of order"]);
    expect((mark?.box.x ?? 0) + (mark?.box.width ?? 0)).toBeLessThan(
      Math.min(...marked.lanes.map((l) => Math.min(l.titleText.box.x, l.subtitleText?.box.x ?? Infinity))),
    );
    expect(marked.width).toBeGreaterThan(plain.width);
  });
});

function outsideTrace(seed: number, difficulty: Difficulty, traceSeed = seed): Trace {
  const scenario = validateScenario(generateScenario(seed, difficulty, { client: "outside" }));
  if (!scenario.ok) throw new Error(JSON.stringify(scenario.errors));
  return traceScenario(scenario.value, { seed: traceSeed });
}

/** The seed scenario with the request made by a process on node-1 (its own resolv.conf, the node's nameserver). */
function nodeClientTrace(): Trace {
  const seed = seedScenario();
  const scenario = validateScenario({ ...seed, request: { ...seed.request, from: "node/node-1" } });
  if (!scenario.ok) throw new Error(JSON.stringify(scenario.errors));
  return traceScenario(scenario.value, { seed: 1 });
}

/** The lane a hop's `at` names: a node's, a pod's, the outside client's or the load balancer's, by its subtitle. */
function placeOf(at: string): string {
  return at.split(" ").slice(1).join(" ");
}

describe("the path diagram of a request from outside the cluster or from a node", () => {
  it("draws the client, the load balancer and the node it picked, then the backend's node (known answer)", () => {
    // hopdrill generate --client outside --seed 3, traced with --seed 1: 203.0.113.75 → LoadBalancer 198.51.100.29:443; the load
    // balancer picks worker-1, whose rules DNAT to media/cart-f4a57 on worker-2 and masquerade
    const trace = outsideTrace(3, "medium", 1);
    expect(trace.scenario.request.from).toBe("external/203.0.113.75");
    const layout = diagramLayout(trace);
    expect(layout.lanes.map((l) => [l.id, l.title, l.subtitle])).toEqual([
      ["client-pod", "Client outside the cluster", "203.0.113.75"],
      ["load-balancer", "Load balancer", "198.51.100.29"],
      ["client-node", "Entry node (netfilter)", "worker-1"],
      ["backend-node", "Backend node", "worker-2"],
      ["backend-pod", "Backend pod", "media/cart-f4a57"],
    ]);
    const rows = (kind: string) => layout.rows.filter((r) => r.kind === kind).map((r) => [r.from, r.to]);
    expect(rows("net.route")).toEqual([
      ["client-pod", "load-balancer"],
      ["client-node", "backend-node"],
    ]);
    expect(rows("lb.select")).toEqual([["load-balancer", "client-node"]]);
    expect(rows("proxy.dnat")).toEqual([["client-node", "client-node"]]);
    expect(rows("proxy.masquerade")).toEqual([["client-node", "client-node"]]);
    expect(rows("conntrack.reverse")).toEqual([["client-node", "client-node"]]);
    expect(rows("net.route-back")).toEqual([
      ["backend-node", "client-node"],
      ["client-node", "client-pod"],
    ]);
    expectReadable(layout);
  });

  it("draws every hop at the lane of the place it happens, for generated outside clients", () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.nat(100_000), fc.constantFrom<Difficulty>("easy", "medium", "hard"), (seed, difficulty) => {
        const trace = outsideTrace(seed, difficulty);
        const layout = diagramLayout(trace);
        expect(layout.lanes[0]?.title).toBe("Client outside the cluster");
        const laneOf = new Map(layout.lanes.map((l) => [l.id, l]));
        for (const row of layout.rows) {
          const hop = trace.hops[row.hopIndex]!;
          const ends = [laneOf.get(row.from), laneOf.get(row.to)].map((l) => l?.subtitle);
          const kind = hop.at.split(" ")[0];
          if (kind === "node" || kind === "pod" || kind === "client" || kind === "loadbalancer") {
            checked += 1;
            expect(ends, `hop ${row.hopIndex + 1} ${hop.kind} at ${hop.at}`).toContain(placeOf(hop.at));
          }
        }
        expectReadable(layout);
      }),
      { numRuns: 200 },
    );
    expect(checked).toBeGreaterThan(300);
  });

  it("draws every hop at the lane of the place it happens, for generated pod clients too", () => {
    fc.assert(
      fc.property(
        fc.nat(100_000),
        fc.constantFrom<Difficulty>("easy", "medium", "hard"),
        fc.boolean(),
        (seed, difficulty, extended) => {
          const scenario = validateScenario(generateScenario(seed, difficulty, { extended }));
          if (!scenario.ok) throw new Error(JSON.stringify(scenario.errors));
          const trace = traceScenario(scenario.value, { seed });
          const layout = diagramLayout(trace);
          const laneOf = new Map(layout.lanes.map((l) => [l.id, l]));
          for (const row of layout.rows) {
            const hop = trace.hops[row.hopIndex]!;
            const kind = hop.at.split(" ")[0];
            if (kind !== "node" && kind !== "pod") continue;
            const ends = [laneOf.get(row.from), laneOf.get(row.to)].map((l) => l?.subtitle);
            expect(ends, `hop ${row.hopIndex + 1} ${hop.kind} at ${hop.at}`).toContain(placeOf(hop.at));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a process on a node: its node's netfilter, and the node's nameserver named as a DNS server, not CoreDNS", () => {
    const trace = nodeClientTrace();
    const layout = diagramLayout(trace);
    expect(layout.lanes.map((l) => [l.title, l.subtitle])).toEqual([
      ["Process on the node", "node-1"],
      ["Client's node (netfilter)", "node-1"],
      ["DNS server", placeOf(trace.hops.find((h) => h.kind === "dns.lookup")!.at)],
    ]);
    // no Service address is rewritten: the query goes straight to the server, the answer straight back
    expect(layout.rows.find((r) => r.kind === "dns.query")).toMatchObject({ from: "client-pod", to: "coredns" });
    expect(layout.rows.find((r) => r.kind === "dns.reply")).toMatchObject({ from: "coredns", to: "client-pod" });
    expectReadable(layout);
  });
});

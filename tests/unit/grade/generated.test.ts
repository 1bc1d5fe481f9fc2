import { describe, expect, it } from "vitest";
import { CONCEPT_IDS, conceptsFor, gradeAnswer, scenarioFacts } from "../../../lib/grade";
import { generateScenario, traceScenario, validateScenario, type Difficulty } from "../../../lib/sim";

// Generated practice scenarios (lib/sim/generate.ts) cover the variants listed in lib/sim/README.md "Scenarios": every one must yield
// documented concepts and gradeable answers.
const ANSWER =
  "The resolver reads resolv.conf and the search list expands the name. CoreDNS answers. iptables DNATs the " +
  "ClusterIP to a pod IP, the packet is routed to the node, and conntrack rewrites the reply back.";

describe("generated scenarios", () => {
  const cases: [number, Difficulty, "pod" | "outside"][] = [];
  for (const client of ["pod", "outside"] as const)
    for (const difficulty of ["easy", "medium", "hard"] as const)
      for (let seed = 1; seed <= 25; seed++) cases.push([seed, difficulty, client]);

  it.each(cases)(
    "seed %i (%s, client %s): documented concepts, a gradeable answer, the labels as a model answer grade strong",
    (seed, difficulty, client) => {
      const validated = validateScenario(generateScenario(seed, difficulty, { client }));
      expect(validated.ok).toBe(true);
      if (!validated.ok) return;
      const trace = traceScenario(validated.value, { seed });
      const concepts = conceptsFor(trace);
      expect(concepts.length).toBeGreaterThan(3);
      for (const c of concepts) {
        expect(CONCEPT_IDS).toContain(c.id);
        expect(c.hint.length).toBeGreaterThan(10);
        expect(c.label).not.toMatch(/undefined|null/);
      }
      const kind = scenarioFacts(trace).kind;
      if (client === "outside") expect(kind).toBe("outside");
      else expect(["clusterip", "headless", "externalname", "external", "unresolved"]).toContain(kind);
      const result = gradeAnswer(ANSWER, trace);
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.grade.score).toBeGreaterThanOrEqual(0);

      // the concept labels, read in path order, are a model answer: every concept found, nothing flagged
      const ordered = [...concepts].sort((a, b) => (a.order ?? 99) - (b.order ?? 99));
      const model = gradeAnswer(ordered.map((c) => `${c.label}.`).join(" "), trace);
      expect(model.ok).toBe(true);
      if (!model.ok) return;
      expect(model.grade.concepts.filter((c) => !c.found).map((c) => c.id)).toEqual([]);
      expect(model.grade.misconceptions.map((m) => m.id)).toEqual([]);
      expect(model.grade.order.score).toBe(1);
      expect(model.grade.verdict).toBe("strong");
    },
  );
});

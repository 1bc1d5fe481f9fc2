import { describe, expect, it } from "vitest";
import { CONCEPT_IDS, gradeAnswer, SCORING } from "../../../lib/grade/index";
import { seedScenario, traceScenario } from "../../../lib/sim/index";
import {
  answerSegments,
  CONCEPT_FLASHCARDS,
  conceptsToReview,
  flashcardsForConcepts,
  hopMarks,
  interviewScore,
  interviewVerdict,
  overridable,
  overriddenScore,
} from "../../../lib/interview";
import { SEED_SET } from "../../../lib/content";

const trace = traceScenario(seedScenario(), { seed: 1 });
function grade(answer: string) {
  const result = gradeAnswer(answer, trace);
  if (!result.ok) throw new Error(result.message);
  return result.grade;
}

describe("overrides", () => {
  it("without overrides the score is the grader's", () => {
    const g = grade("The resolver reads resolv.conf, then CoreDNS returns the ClusterIP.");
    expect(overriddenScore(g, new Set())).toBe(g.score);
  });

  it("claiming a missing concept adds its weight to the coverage and never lowers the score", () => {
    const g = grade("The resolver reads resolv.conf.");
    const missing = g.concepts.filter((c) => !c.found);
    expect(missing.length).toBeGreaterThan(0);
    let previous = g.score;
    const claimed = new Set<string>();
    for (const c of missing) {
      expect(overridable(g, c.id, "The resolver reads resolv.conf.")).toBe(true);
      claimed.add(c.id);
      const score = overriddenScore(g, claimed);
      expect(score).toBeGreaterThanOrEqual(previous);
      previous = score;
    }
    // every concept claimed and nothing out of order: full coverage, full order → 100
    expect(previous).toBe(100);
  });

  it("a found, in-order concept cannot be claimed", () => {
    const g = grade("The resolver reads resolv.conf.");
    const found = g.concepts.find((c) => c.found && !c.outOfOrder);
    expect(found && overridable(g, found.id, "The resolver reads resolv.conf.")).toBe(false);
  });
});

describe("claims on a blank answer", () => {
  it("are not offered: a blank answer states nothing to claim", () => {
    const g = grade("   ");
    for (const c of g.concepts) expect(overridable(g, c.id, "   ")).toBe(false);
  });
});

describe("interview score", () => {
  it("is the mean of the question scores with the grader's verdict bands", () => {
    expect(interviewScore([80, 40, 0])).toBe(40);
    expect(interviewScore([])).toBe(0);
    // the bands are the grader's own (lib/grade SCORING), so the interview and its questions read alike
    expect(interviewVerdict(SCORING.strongScore)).toBe("strong");
    expect(interviewVerdict(SCORING.strongScore - 1)).toBe("partial");
    expect(interviewVerdict(SCORING.weakBelow)).toBe("partial");
    expect(interviewVerdict(SCORING.weakBelow - 1)).toBe("weak");
  });
});

describe("answer highlights", () => {
  it("cut the answer into pieces that join back to it exactly, marks on the evidence", () => {
    const answer = "First kube-proxy answers DNS. The resolver reads resolv.conf and the search domain expands bar.";
    const g = grade(answer);
    const segments = answerSegments(answer, g);
    expect(segments.map((s) => s.text).join("")).toBe(answer);
    const marked = segments.filter((s) => s.mark !== null);
    expect(marked.some((s) => s.mark?.kind === "concept")).toBe(true);
    for (const s of marked) expect(s.text.length).toBeGreaterThan(0);
  });

  it("keep HTML in an answer as text", () => {
    const answer = "<script>alert(1)</script> resolv.conf";
    const g = grade(answer);
    expect(
      answerSegments(answer, g)
        .map((s) => s.text)
        .join(""),
    ).toBe(answer);
  });
});

describe("diagram overlay", () => {
  it("marks the hops of found concepts matched and of missing ones missing", () => {
    const g = grade("The pod's resolver reads resolv.conf.");
    const marks = hopMarks(trace, g);
    const index = (kind: string) => trace.hops.findIndex((h) => h.kind === kind);
    expect(marks.get(index("resolver.config"))).toBe("matched");
    expect(marks.get(index("proxy.dnat"))).toBe("missing");
    expect(marks.get(index("conntrack.reverse"))).toBe("missing");
    // an overridden concept is drawn as matched
    expect(hopMarks(trace, g, new Set(["dnat"])).get(index("proxy.dnat"))).toBe("matched");
  });

  it("marks the hop of a concept named out of order", () => {
    const g = grade(
      "conntrack reverses the NAT on the reply. Before that the resolver reads resolv.conf and the search domain " +
        "expands bar to bar.app.svc.cluster.local, CoreDNS returns the ClusterIP and the packet is DNATed to a pod.",
    );
    const out = g.concepts.filter((c) => c.outOfOrder).map((c) => c.id);
    expect(out.length).toBeGreaterThan(0);
    const marks = hopMarks(trace, g);
    expect([...marks.values()]).toContain("out-of-order");
  });
});

describe("closing the loop", () => {
  it("maps every grader concept to flashcards that exist in the seed set", () => {
    const cards = new Set(SEED_SET.items.filter((i) => i.kind === "flashcard").map((i) => i.id));
    for (const id of CONCEPT_IDS) {
      const linked = CONCEPT_FLASHCARDS[id] ?? [];
      expect(linked.length, id).toBeGreaterThan(0);
      for (const item of linked) expect(cards.has(item), `${id} → ${item}`).toBe(true);
    }
  });

  it("reviews required concepts missed and concepts out of order; tags link other sets' cards", () => {
    const g = grade("");
    const review = conceptsToReview(g);
    expect(review).toEqual(g.concepts.filter((c) => c.required).map((c) => c.id));
    const linked = flashcardsForConcepts(
      ["search-domain"],
      [
        { id: "dns-name-format", tags: [] },
        { id: "my-card", tags: ["concept:search-domain"] },
        { id: "unrelated", tags: ["concept:dnat"] },
      ],
    );
    expect([...linked.keys()].sort()).toEqual(["dns-name-format", "my-card"]);
  });
});

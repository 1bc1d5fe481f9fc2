import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gradeAnswer, MAX_ANSWER_CHARS } from "../../../lib/grade";
import { corpusTrace } from "./corpus-scenarios";
import { grade as gradeOn } from "./graded";

const trace = corpusTrace("seed");
const grade = (answer: string) => gradeOn(answer, trace);

// One plain sentence per required hop of the seed trace, in path order (lib/sim/seed-scenario.ts).
const HOPS: readonly { id: string; rank: number; sentence: string }[] = [
  { id: "resolv-conf", rank: 1, sentence: "The resolver reads /etc/resolv.conf." },
  { id: "dns-answers-clusterip", rank: 3, sentence: "CoreDNS answers with the ClusterIP 10.96.12.34." },
  { id: "proxy-service-match", rank: 5, sentence: "On the node the iptables rules match the packet." },
  { id: "routing", rank: 6, sentence: "The packet is routed over the VXLAN overlay to node-2." },
  { id: "conntrack-reverse", rank: 8, sentence: "On the way back conntrack rewrites the source of the reply." },
];
const FILLER = [
  "This is how it works in most clusters.",
  "I have seen this in production.",
  "Latency is usually low.",
  "Let me explain.",
];

const wordChars = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz .,-:/0123456789\n'".split(""));
const technicalText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "DNS",
        "CoreDNS",
        "not",
        "no",
        "kube-proxy",
        "iptables",
        "10.96.12.34",
        "pod IP",
        "ClusterIP",
        "conntrack",
        ".",
      ),
      fc.string({ unit: wordChars, maxLength: 12 }),
    ),
    { maxLength: 80 },
  )
  .map((words) => words.join(" "));

describe("grader properties", () => {
  it("never throws, and scores 0..100 integers with the contract's verdicts, on any text up to the limit", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 3000 }), fc.string({ unit: "grapheme", maxLength: 500 }), technicalText),
        (answer) => {
          const g = grade(answer);
          expect(Number.isInteger(g.score)).toBe(true);
          expect(g.score).toBeGreaterThanOrEqual(0);
          expect(g.score).toBeLessThanOrEqual(100);
          expect(["strong", "partial", "weak"]).toContain(g.verdict);
          for (const item of [...g.concepts, ...g.misconceptions]) {
            if (item.evidence !== null)
              expect(answer.slice(item.evidence.start, item.evidence.end)).toBe(item.evidence.text);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("grades an answer of exactly the limit", () => {
    const long = "CoreDNS returns the ClusterIP, not the pod IP. ".repeat(MAX_ANSWER_CHARS).slice(0, MAX_ANSWER_CHARS);
    expect(gradeAnswer(long, trace).ok).toBe(true);
  });

  it("is deterministic: same answer and scenario, same grade (also with a freshly built trace)", () => {
    fc.assert(
      fc.property(technicalText, (answer) => {
        expect(JSON.stringify(grade(answer))).toBe(JSON.stringify(grade(answer)));
      }),
      { numRuns: 100 },
    );
    const answer = HOPS.map((h) => h.sentence).join(" ");
    const fresh = gradeAnswer(answer, structuredClone(trace));
    expect(fresh.ok && JSON.stringify(fresh.grade)).toBe(JSON.stringify(grade(answer)));
  });

  it("moving a required hop's sentence before its predecessors never raises the order score", () => {
    fc.assert(
      fc.property(fc.subarray([...HOPS.keys()], { minLength: 2 }), fc.nat(), fc.nat(), (kept, pick, target) => {
        const sentences = kept.map((i) => HOPS[i]!);
        const from = 1 + (pick % (sentences.length - 1));
        const to = target % from;
        const moved = [...sentences];
        const [item] = moved.splice(from, 1);
        moved.splice(to, 0, item!);
        const before = grade(sentences.map((s) => s.sentence).join(" ")).order.score;
        const after = grade(moved.map((s) => s.sentence).join(" "));
        expect(after.order.score).toBeLessThanOrEqual(before);
        // it now precedes a lower-ranked hop, so it is out of order
        if (sentences.slice(to, from).some((s) => s.rank < item!.rank)) expect(after.order.score).toBeLessThan(1);
      }),
      { numRuns: 150 },
    );
  });

  it("adding a correct missing hop never lowers coverage", () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...HOPS.map((h) => h.sentence), ...FILLER]),
        fc.nat(),
        fc.nat(),
        (parts, pick, at) => {
          const missing = HOPS.filter((h) => !parts.includes(h.sentence));
          if (missing.length === 0) return;
          const hop = missing[pick % missing.length]!;
          const withHop = [...parts];
          withHop.splice(at % (parts.length + 1), 0, hop.sentence);
          const before = grade(parts.join(" "));
          const after = grade(withHop.join(" "));
          expect(after.coverage).toBeGreaterThanOrEqual(before.coverage);
          expect(after.concepts.find((c) => c.id === hop.id)?.found).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

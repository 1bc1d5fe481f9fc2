import { describe, expect, it } from "vitest";
import { analyseAnswer, gradeAnswer } from "../../../lib/grade";
import { tracePaths } from "../../../lib/sim";
import type { CompiledPattern } from "../../../lib/grade/pattern";
import { compiledRubricFor, type CompiledRubric } from "../../../lib/grade/rubric";
import { termMatches, type Term } from "../../../lib/grade/term-match";
import { corpusTrace, type CorpusScenario } from "./corpus-scenarios";

// A pattern word written as a prefix (`connection*`, `response*`) is compared with the answer's KEY: the word
// after typo correction, stemming and the synonym table. When those steps turn the prefix's own word into a
// key the prefix is not a prefix of ("connection" → `connect`, "response" → `reply`), the pattern never matches
// the very word it was written from. This audit runs every prefix of every rubric (concepts, misconceptions,
// variant misconceptions, and their blockers, `unless` and `within` words) through the grader's own analysis and
// asks that the term match an answer made of that word alone, or of its plural / third-person form.

const SCENARIOS: readonly CorpusScenario[] = [
  "seed",
  "headless",
  "no-endpoints",
  "cross-namespace",
  "external-name",
  "outside-cluster",
  "outside-local",
  "hosts-alias",
  "cross-namespace-autopath",
  "dual-stack",
];

const PLAIN = /^[a-z]{3,}$/;

/**
 * Natural forms of the word a prefix was written from. Its `-s` form (plural or third person) always: the prefix
 * of a word starts that form too. The prefix alone only where it reads as a whole word (`probe*`, `chose*`,
 * `response*`, `connection*`); a stem such as `choos*` or `travers*` is no word of its own.
 */
function formsOf(prefix: string): string[] {
  const inflected = /(?:s|x|z|ch|sh)$/.test(prefix) ? `${prefix}es` : `${prefix}s`;
  return /(?:e|ion)$/.test(prefix) ? [prefix, inflected] : [inflected];
}

function termsOf(pattern: CompiledPattern): Term[] {
  const terms: Term[] = pattern.groups.flatMap((group) => [...group]);
  for (const extra of [pattern.blockers, pattern.unless, pattern.within]) if (extra !== null) terms.push(extra);
  return terms;
}

function rubricPatterns(rubric: CompiledRubric): { owner: string; pattern: CompiledPattern }[] {
  return [
    ...rubric.concepts.flatMap((c) => c.matchers.map((pattern) => ({ owner: c.definition.id, pattern }))),
    ...rubric.misconceptions.flatMap((m) => m.matchers.map((pattern) => ({ owner: m.definition.id, pattern }))),
  ];
}

/** Every prefix whose own word forms the term does not match, as "prefix* (form → key) in owner: pattern". */
function unreachablePrefixes(): string[] {
  const misses = new Set<string>();
  for (const name of SCENARIOS) {
    const rubric = compiledRubricFor(corpusTrace(name));
    const keyOf = new Map<string, { key: string; alts: readonly string[]; ok: (t: Term) => boolean }>();
    const analysed = (form: string) => {
      let known = keyOf.get(form);
      if (known === undefined) {
        const tokens = analyseAnswer(form, rubric.lexicon).tokens;
        const token = tokens.length === 1 ? tokens[0] : undefined;
        known = {
          key: token?.key ?? tokens.map((t) => t.key).join(" "),
          alts: token?.alts ?? [],
          ok: (t: Term) => token !== undefined && termMatches(t, token),
        };
        keyOf.set(form, known);
      }
      return known;
    };
    for (const { owner, pattern } of rubricPatterns(rubric)) {
      for (const term of termsOf(pattern)) {
        for (const prefix of term.prefixes) {
          if (!PLAIN.test(prefix)) continue;
          for (const form of formsOf(prefix)) {
            const seen = analysed(form);
            if (!seen.ok(term)) misses.add(`${prefix}* ("${form}" → ${seen.key}) in ${owner}: ${pattern.source}`);
          }
        }
      }
    }
  }
  return [...misses].sort();
}

describe("pattern prefixes reach the key of their own word", () => {
  it("every prefix in every rubric matches the word it was written from", () => {
    expect(unreachablePrefixes()).toEqual([]);
  });
});

function graded(scenario: CorpusScenario, answer: string) {
  const result = gradeAnswer(answer, tracePaths(corpusTrace(scenario).scenario, { seed: 1 }));
  if (!result.ok) throw new Error(result.message);
  return result.grade;
}

// Answers each written with a word whose prefix missed its own key (each one was missed before the fix).
describe("answers written with the word of a prefix that missed its key", () => {
  const credited: [CorpusScenario, string, string][] = [
    // `chose*`: "chose" is `chos`
    ["seed", "endpoint-selection", "The KUBE-SVC chain chose bar-2 and the packet went on to it."],
    // `option*`: "options" is `opt` (no actor named: partial credit)
    ["seed", "resolv-conf", "First the nameserver and the options are read."],
    // `probe*`: "probes" is `prob`
    ["outside-local", "lb-health-check", "The cloud load balancer probes node-1 and node-2."],
    ["seed", "bg-endpointslices", "Only pods whose readiness probes succeed are listed in the EndpointSlices."],
  ];
  for (const [scenario, id, answer] of credited) {
    it(`credits ${id}: "${answer}"`, () => {
      const concept = graded(scenario, answer).concepts.find((c) => c.id === id);
      expect(concept?.credit ?? 0).toBeGreaterThan(0);
    });
  }

  const flagged: [CorpusScenario, string, string][] = [
    // `connection*`: "connections" is `connect`
    [
      "cross-namespace",
      "namespace-blocks-traffic",
      "Namespaces block connections from other namespaces, so foo has to use the full name.",
    ],
    ["seed", "kube-proxy-forwards-traffic", "kube-proxy receives the connections on the node and passes them to bar."],
  ];
  for (const [scenario, id, answer] of flagged) {
    it(`flags ${id}: "${answer}"`, () => {
      expect(graded(scenario, answer).misconceptions.map((m) => m.id)).toContain(id);
    });
  }

  it("does not read the load balancer, a component, as balancing connections over pods", () => {
    // `balanc*` also started "balancer": once "connection" matched, the LB's sending was endpoint selection
    const answer = "The cloud load balancer health-checks the nodes and sends the connection to node-1.";
    const concept = graded("outside-local", answer).concepts.find((c) => c.id === "endpoint-selection");
    expect(concept?.credit).toBe(0);
  });

  it('keeps a word only an `unless` knows as itself: "reverses" is not corrected to `revert`', () => {
    // egress-keeps-pod-ip's `unless: "dnat reply revers*"` is the external-name rubric's only `revers*`
    const rubric = compiledRubricFor(corpusTrace("external-name"));
    expect(analyseAnswer("conntrack reverses it", rubric.lexicon).tokens.map((t) => t.key)).toEqual([
      "conntrack",
      "revers",
      "it",
    ]);
  });
});

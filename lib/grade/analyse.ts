import type { Lexicon } from "./lexicon";
import { tokenise } from "./normalise";
import { stem } from "./stem";

/**
 * An answer ready for pattern matching: tokens with canonical keys (typo-corrected, stemmed, synonyms
 * merged), sentence and negation scopes, and an index from key to token positions.
 */
export interface Token {
  /** canonical key: synonym key, or the stem of the (typo-corrected) word */
  readonly key: string;
  /** stems of the words a synonym merged, so a pattern word still finds "service" inside "service IP" */
  readonly alts: readonly string[];
  /** normalised surface and its `:`/`/` separated parts, for exact values (IPs, ports, FQDNs) */
  readonly surface: string;
  readonly parts: readonly string[];
  readonly start: number;
  readonly end: number;
  readonly sentence: number;
  readonly scope: number;
  readonly negation: boolean;
  readonly hedge: boolean;
  readonly corrected: boolean;
}

export interface AnalysedAnswer {
  readonly answer: string;
  readonly tokens: readonly Token[];
  readonly questions: readonly boolean[];
  /** key (and alts) → ascending token positions */
  readonly byKey: ReadonlyMap<string, readonly number[]>;
  /** exact surface or part → ascending token positions */
  readonly byLiteral: ReadonlyMap<string, readonly number[]>;
  /** the keys of byKey, sorted, for prefix lookups by binary search */
  readonly sortedKeys: readonly string[];
}

// Cues that turn the statement after them (in the same scope) into a denial.
const NEGATION_WORDS = new Set(["not", "no", "never", "none", "nothing", "neither", "nor", "without", "cannot"]);
// Cues that mark a statement as a reported mistake rather than the learner's claim (misconceptions only).
// Counterfactuals ("normally it would return a ClusterIP, but …") are not claims either.
const HEDGE_WORDS = new Set([
  "misconception",
  "myth",
  "wrong",
  "incorrect",
  "false",
  "mistake",
  "mistakenly",
  "would",
  "normally",
  "otherwise",
  "if",
  "unless",
  "suppose",
  "hypothetically",
  // history is not a claim about this cluster ("in the old userspace mode, which is long gone, …")
  "legacy",
  "historically",
  "formerly",
  "previously",
  "deprecated",
  "gone",
]);
// "not only", "no matter", "not just": not denials.
const NEGATION_EXCEPTIONS = new Set(["only", "just", "matter", "longer"]);

function isNegationCue(surface: string, previous: string | undefined, next: string | undefined): boolean {
  if (NEGATION_WORDS.has(surface)) return next === undefined || !NEGATION_EXCEPTIONS.has(next) || surface === "no";
  // "instead of returning the pod IP", "rather than a timeout"
  if ((surface === "of" && previous === "instead") || (surface === "than" && previous === "rather")) return true;
  return surface.endsWith("n't");
}

const PART_SPLIT = /[:/]/;
const DOTTED_NAME = /^[a-z0-9-]*[a-z][a-z0-9-]*\.[a-z0-9.-]+$/;

export function analyseAnswer(answer: string, lexicon: Lexicon): AnalysedAnswer {
  const { tokens: raw, questions } = tokenise(answer, lexicon.wholeWords);
  const stems: string[] = [];
  const correctedFlags: boolean[] = [];
  for (const token of raw) {
    let word = token.text;
    let corrected = false;
    const stemmed = stem(word);
    if (!lexicon.vocabulary.has(word) && !lexicon.vocabulary.has(stemmed)) {
      const fix = lexicon.vocabulary.correct(word) ?? lexicon.vocabulary.correct(stemmed);
      if (fix !== null) {
        word = fix;
        corrected = true;
      }
    }
    stems.push(corrected ? stem(word) : stemmed);
    correctedFlags.push(corrected);
  }

  const tokens: Token[] = [];
  const sameSentence = (from: number, to: number): boolean => raw[from]?.sentence === raw[to]?.sentence;
  for (let i = 0; i < raw.length;) {
    const first = raw[i];
    if (first === undefined) break;
    const hit = lexicon.synonyms.longestAt(stems, i, sameSentence);
    const length = hit?.length ?? 1;
    const last = raw[i + length - 1] ?? first;
    const surface =
      length === 1
        ? first.text
        : raw
            .slice(i, i + length)
            .map((t) => t.text)
            .join(" ");
    const alts = stems.slice(i, i + length);
    const next = raw[i + length]?.text;
    tokens.push({
      key: hit?.key ?? stems[i] ?? first.text,
      alts,
      surface,
      parts: length === 1 && PART_SPLIT.test(surface) ? surface.split(PART_SPLIT) : [],
      start: first.start,
      end: last.end,
      sentence: first.sentence,
      scope: first.scope,
      negation: length === 1 && isNegationCue(first.text, raw[i - 1]?.text, next),
      hedge: length === 1 && HEDGE_WORDS.has(first.text),
      corrected: correctedFlags.slice(i, i + length).some(Boolean),
    });
    i += length;
  }

  const byKey = new Map<string, number[]>();
  const byLiteral = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, position: number): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [position]);
    else if (list[list.length - 1] !== position) list.push(position);
  };
  tokens.forEach((token, position) => {
    add(byKey, token.key, position);
    for (const alt of token.alts) add(byKey, alt, position);
    add(byLiteral, token.surface, position);
    for (const part of token.parts) add(byLiteral, part, position);
    // a domain suffix ("svc.cluster.local") is found inside a longer name ("bar.app.svc.cluster.local")
    if (DOTTED_NAME.test(token.surface)) {
      for (let dot = token.surface.indexOf("."); dot !== -1; dot = token.surface.indexOf(".", dot + 1)) {
        add(byLiteral, token.surface.slice(dot + 1), position);
      }
    }
  });
  const sortedKeys = [...byKey.keys()].sort();
  return { answer, tokens, questions, byKey, byLiteral, sortedKeys };
}

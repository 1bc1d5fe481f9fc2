import type { AnalysedAnswer } from "./analyse";
import type { Lexicon } from "./lexicon";
import { stem } from "./stem";
import { phraseWords } from "./synonyms";
import {
  candidateStarts,
  clauseAsserts,
  NEGATION_LOOKBACK,
  spanHas,
  termMatches,
  withinReach,
  type Term,
} from "./term-match";
import { remembered } from "./memo";

/**
 * Concept and misconception patterns: a tiny language kept readable in the rubric tables.
 *
 *   "coredns .. return|answer ..6 clusterip"
 *
 * - Groups are separated by `..` (at most 4 tokens between them) or `..N` (at most N). Groups match in order,
 *   inside one clause (lib/grade/clauses.ts). Words inside a group are consecutive.
 * - A word is `a|b|c` alternatives; `word*` is a prefix of the canonical key (and matches the key of its own
 *   word where stemming or a synonym cuts into the prefix: `connection*` takes `connect`); a word holding a
 *   digit, a dot or `:` (IP, port, FQDN, chain name), or written `=value`, must match exactly (no stemming, no
 *   typos).
 * - Plain words are stemmed and canonicalised through the synonym table, like the answer.
 *
 * Options: `blockers` (words that must not appear inside the match span), `unless` (words that, anywhere in
 * the same clause, or within `unlessWindow` tokens, cancel the match), `within` (one of these words must be in
 * the clause), `withinPrevious` (the `within` words name what the claim is about, so a clause that points back
 * at the sentence before, "(… asks CoreDNS.) What comes back is …", may take them from that sentence), `anyOrder` (two groups, either order), `negationIncluded` (the pattern itself carries the
 * negation, so a denial cue does not cancel it).
 *
 * A pattern of one plain word ("random", "iptables", "nat") names a concept without stating it: it only ever
 * counts as a mention (lib/grade/claims.ts). One exact value or technical name ("10.96.12.34",
 * "resolv.conf") states something only inside a clause with a verb.
 */
export interface PatternSpec {
  readonly p: string;
  readonly blockers?: string;
  readonly unless?: string;
  readonly anyOrder?: boolean;
  readonly negationIncluded?: boolean;
  /** words of which one must appear in the same sentence */
  readonly within?: string;
  /** the `within` words may come from the sentence before when the clause points back at it (analyse.ts `refersBack`) */
  readonly withinPrevious?: boolean;
  /** limit `unless` to this many tokens either side of the match instead of the whole sentence */
  readonly unlessWindow?: number;
  /** an author's text (rubric tuning): a literal phrase unless it uses the pattern language's `..` */
  readonly author?: boolean;
}

export type PatternInput = string | PatternSpec;

type Group = readonly Term[];

export interface CompiledPattern {
  readonly source: string;
  readonly groups: readonly Group[];
  readonly gaps: readonly number[];
  readonly blockers: Term | null;
  readonly unless: Term | null;
  readonly within: Term | null;
  readonly withinPrevious: boolean;
  readonly unlessWindow: number | null;
  readonly negationIncluded: boolean;
  /** one plain word: a mention, never a claim on its own */
  readonly single: boolean;
  /** one exact value or technical name: a claim only in a clause with a verb */
  readonly value: boolean;
}

export interface Match {
  /** token positions of the first and last matched token */
  readonly first: number;
  readonly last: number;
  readonly start: number;
  readonly end: number;
}

export interface Evidence {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const DEFAULT_GAP = 4;
const MAX_STARTS = 200;
const LITERAL = /[\d.:/_]/;

/** A term naming a technical token (resolv.conf, kube-svc-…, nf_conntrack) rather than an English word. */
function isTechnical(term: Term): boolean {
  const all = [...term.words, ...term.prefixes, ...term.literals];
  return all.length > 0 && all.every((w) => LITERAL.test(w) || w.startsWith("kube-"));
}

const PLAIN_PREFIX = /^[a-z]+$/;

/**
 * The key of a prefix's own word when that key does not start with the prefix, else null. A prefix is compared
 * with the answer's keys, and the stemmer or the synonym table may cut into the word it was written from:
 * "connections" is `connect`, "probes" `prob`, "chose" `chos`, "options" `opt`, so `connection*`, `probe*`,
 * `chose*` and `option*` would never match their own word. That key is then one of the term's words (compile
 * time only; matching stays one set lookup). The `-s` form is the test: it is a form of every word the prefix
 * starts, and a stem such as `choos*` is left alone ("chooses" → `choos`).
 */
function ownKey(prefix: string, lexicon: Lexicon): string | null {
  if (!PLAIN_PREFIX.test(prefix)) return null;
  const key = lexicon.canonicalWord(/(?:s|x|z|ch|sh)$/.test(prefix) ? `${prefix}es` : `${prefix}s`);
  return key.startsWith(prefix) ? null : key;
}

// one Term object per distinct word of a rubric: what term-match.ts learns about a term in an answer then serves
// every pattern that shares the word (bounded by the rubric's words; the lexicon lives as long as its rubric)
const interned = new WeakMap<Lexicon, Map<string, Term>>();

function compileTerm(word: string, lexicon: Lexicon): Term {
  return remembered(
    remembered(interned, lexicon, () => new Map()),
    word,
    () => buildTerm(word, lexicon),
  );
}

function buildTerm(word: string, lexicon: Lexicon): Term {
  const words = new Set<string>();
  const prefixes: string[] = [];
  const literals = new Set<string>();
  for (const alternative of word.toLowerCase().split("|")) {
    if (alternative.length === 0) continue;
    if (alternative.endsWith("*")) {
      const prefix = alternative.slice(0, -1);
      prefixes.push(prefix);
      const key = ownKey(prefix, lexicon);
      if (key !== null) words.add(key);
    } else if (alternative.startsWith("=")) literals.add(alternative.slice(1));
    else if (LITERAL.test(alternative) && !alternative.includes("-")) literals.add(alternative);
    else words.add(lexicon.canonicalWord(alternative));
  }
  return { words, prefixes, literals };
}

export function compilePattern(input: PatternInput, lexicon: Lexicon): CompiledPattern {
  const spec: PatternSpec = typeof input === "string" ? { p: input } : input;
  const groups: Group[] = [];
  const gaps: number[] = [];
  for (const piece of spec.p.trim().split(/\s+(\.\.\d*)\s+/)) {
    if (piece.startsWith("..")) {
      gaps.push(piece.length > 2 ? Number(piece.slice(2)) : DEFAULT_GAP);
      continue;
    }
    groups.push(piece.split(/\s+/).map((w) => compileTerm(w, lexicon)));
  }
  const anyTerm = (list: string | undefined): Term | null =>
    list === undefined ? null : compileTerm(list.trim().split(/\s+/).join("|"), lexicon);
  const only = groups.length === 1 && groups[0]?.length === 1 ? groups[0][0] : undefined;
  const valueOnly = only !== undefined && only.words.size === 0 && only.prefixes.length === 0;
  return {
    source: spec.p,
    groups,
    gaps,
    blockers: anyTerm(spec.blockers),
    unless: anyTerm(spec.unless),
    within: anyTerm(spec.within),
    withinPrevious: spec.withinPrevious ?? false,
    unlessWindow: spec.unlessWindow ?? null,
    negationIncluded: spec.negationIncluded ?? false,
    single: only !== undefined && !valueOnly && !isTechnical(only),
    value: only !== undefined && (valueOnly || isTechnical(only)),
  };
}

/** Patterns for a pattern spec; `anyOrder` adds the two-group reversal. */
export function compilePatterns(inputs: readonly PatternInput[], lexicon: Lexicon): CompiledPattern[] {
  const out: CompiledPattern[] = [];
  for (const input of inputs) {
    if (typeof input !== "string" && input.author === true) {
      out.push(authorPattern(input.p, lexicon));
      continue;
    }
    const compiled = compilePattern(input, lexicon);
    out.push(compiled);
    if (typeof input !== "string" && input.anyOrder === true && compiled.groups.length === 2) {
      const [a, b] = compiled.groups;
      if (a !== undefined && b !== undefined) out.push({ ...compiled, groups: [b, a] });
    }
  }
  return out;
}

/**
 * An author's phrase (rubric synonym, scenario value) as a pattern: its words consecutive, each one exact
 * when it is a value and stemmed/canonical otherwise. Hyphens inside plain words are split like the answer.
 */
export function phrasePattern(phrase: string, lexicon: Lexicon): CompiledPattern {
  const words = phraseWords(phrase).flatMap((w) =>
    w.includes("-") && !/\d/.test(w) && !w.startsWith("kube-") && !lexicon.wholeWords.has(w) ? w.split("-") : [w],
  );
  const group: Term[] = [];
  const stems = words.map(stem);
  for (let i = 0; i < words.length;) {
    // multi-word synonyms inside an author's phrase collapse like they do in answers
    const hit = lexicon.synonyms.longestAt(stems, i, () => true);
    if (hit !== null && hit.length > 1) {
      group.push({ words: new Set([hit.key]), prefixes: [], literals: new Set() });
      i += hit.length;
      continue;
    }
    const word = words[i] ?? "";
    group.push(compileTerm(LITERAL.test(word) ? `=${word}` : word, lexicon));
    i++;
  }
  return {
    source: phrase,
    groups: [group],
    gaps: [],
    blockers: null,
    unless: null,
    within: null,
    withinPrevious: false,
    unlessWindow: null,
    negationIncluded: false,
    single: false,
    value: false,
  };
}

/** An author's pattern: the pattern language when it has `..`, otherwise a literal phrase. */
export function authorPattern(text: string, lexicon: Lexicon): CompiledPattern {
  return /\s\.\.\d*\s/.test(` ${text} `) ? compilePattern(text, lexicon) : phrasePattern(text, lexicon);
}

/**
 * Every word a compiled pattern knows, for the typo vocabulary: its groups' and its blockers', `unless` and
 * `within` words (a word only a blocker knows would otherwise be "corrected" into another: "reverses" → `revert`).
 */
export function patternWords(pattern: CompiledPattern): string[] {
  const words: string[] = [];
  for (const group of pattern.groups) {
    for (const term of group) words.push(...term.words, ...term.prefixes);
  }
  for (const term of [pattern.blockers, pattern.unless, pattern.within]) {
    if (term !== null) words.push(...term.words, ...term.prefixes);
  }
  return words;
}

function groupAt(group: Group, text: AnalysedAnswer, at: number, clause: number): boolean {
  for (let k = 0; k < group.length; k++) {
    const token = text.tokens[at + k];
    const term = group[k];
    if (token === undefined || term === undefined || token.clause !== clause || !termMatches(term, token)) {
      return false;
    }
  }
  return true;
}

/**
 * Whether a match is denied: a denial cue right before a matched word inside the span ("does not return"), or
 * up to five tokens before it in the same negation scope ("never … rewrites"). A cue that qualifies something
 * else inside the span ("has no pod to load-balance") does not deny the match.
 */
export function isDenied(
  text: AnalysedAnswer,
  match: Match,
  matched: ReadonlySet<number>,
  rewriteStep = false,
): boolean {
  const tokens = text.tokens;
  const first = tokens[match.first];
  if (first === undefined) return false;
  for (let i = match.first + 1; i < match.last; i++) {
    const token = tokens[i];
    if (token === undefined || !token.negation || matched.has(i)) continue;
    if (matched.has(i + 1) || matched.has(i + 2)) return true;
  }
  for (let i = match.first - 1; i >= 0 && i >= match.first - NEGATIVE_SUBJECT_LOOKBACK; i--) {
    const token = tokens[i];
    if (token === undefined || token.scope !== first.scope) break;
    if (!token.negation) continue;
    // past the usual reach only a negative subject still denies: "nobody on node-1 has any reason to change it"
    if (i < match.first - NEGATION_LOOKBACK && !NEGATIVE_SUBJECTS.has(token.surface)) continue;
    if (PREPOSITIONAL.has(token.surface) && !governs(text, i, match.first)) continue;
    if (topicAfter(text, i, match.first)) continue;
    if (!rewriteStep && deniesRewriteOf(text, i, match.first)) continue;
    return true;
  }
  return false;
}

/** Pattern words for a change of a packet's addresses (the rewrite verbs and nouns of the rubric). */
export const REWRITE_VERBS = "rewrit*|chang*|translat*|replac*|modif*|swap*|convert*|map*|alter*|substitut*";
const REWRITE_PREFIXES: readonly string[] = [
  ...REWRITE_VERBS.split("|").map((w) => w.replace("*", "")),
  "rewrot",
  "transl",
  "mangl",
  "tamper",
  "touch",
  "undo",
  "undid",
  "edit",
];
const REWRITE_KEYS: ReadonlySet<string> = new Set(["nat", "dnat", "snat", "unnat", "undnat"]);

/**
 * "Nobody rewrites bar-2's reply", "there is no translation of the reply": a rewrite word between the cue and
 * the match is what the cue denies, and the match is what the rewrite is said of; it still exists. Only a step
 * that is itself a rewrite (the DNAT, the reverse NAT) is denied by a denied rewrite.
 */
function deniesRewriteOf(text: AnalysedAnswer, cue: number, at: number): boolean {
  for (let k = cue + 1; k < at; k++) {
    const key = text.tokens[k]?.key ?? "";
    if (REWRITE_KEYS.has(key) || REWRITE_PREFIXES.some((p) => key.startsWith(p))) return true;
  }
  return false;
}

/**
 * "there's no answer for bar.app.svc.cluster.local": the denial takes the noun after it ("answer"); the name in
 * the "for" phrase after that noun is what the sentence is about, not what it denies.
 */
function topicAfter(text: AnalysedAnswer, cue: number, at: number): boolean {
  if (text.tokens[cue]?.surface !== "no") return false;
  for (let k = cue + 1; k < at; k++) if (text.tokens[k]?.surface === "for" && k > cue + 1) return true;
  return false;
}

// a negative pronoun as the subject denies its clause's predicate however far the verb is
const NEGATIVE_SUBJECTS = new Set(["nobody", "nothing"]);
const NEGATIVE_SUBJECT_LOOKBACK = 10;

// a denial that is a preposition denies its object only: "without any DNAT" denies the DNAT, "for a Service
// without endpoints kube-proxy installs a REJECT rule" does not deny the rule
const PREPOSITIONAL = new Set(["without"]);
const OBJECT_LEAD: ReadonlySet<string> = new Set(["DET", "ADJ", "ADV", "NUM"]);

/** Whether the word at `at` is the object `cue` governs: nothing but determiners or modifiers between them. */
function governs(text: AnalysedAnswer, cue: number, at: number): boolean {
  for (let k = cue + 1; k < at; k++) if (!OBJECT_LEAD.has(text.tokens[k]?.pos ?? "")) return false;
  return true;
}

/**
 * The earliest match of `pattern` that `accept` takes, or null. Matches are tried from the left; for each
 * start the earliest continuation of every later group is used. `matched` (the match's token positions) is
 * that match's own set, never changed after `accept` sees it, so `accept` may keep it.
 */
export function findMatch(
  pattern: CompiledPattern,
  text: AnalysedAnswer,
  accept: (match: Match, matched: ReadonlySet<number>) => boolean,
): Match | null {
  const groups = pattern.groups;
  const firstGroup = groups[0];
  const firstTerm = firstGroup?.[0];
  if (firstGroup === undefined || firstTerm === undefined) return null;
  const starts = candidateStarts(firstTerm, text);
  // a real answer names a pattern's first word a few dozen times at most; past MAX_STARTS places the text is
  // a repetition, and looking further would only cost time
  const limit = Math.min(starts.length, MAX_STARTS);
  for (let s = 0; s < limit; s++) {
    const start = starts[s] ?? 0;
    const clause = text.tokens[start]?.clause ?? -1;
    if (!groupAt(firstGroup, text, start, clause)) continue;
    const matched = new Set<number>();
    for (let k = 0; k < firstGroup.length; k++) matched.add(start + k);
    let cursor = start + firstGroup.length;
    let ok = true;
    for (let g = 0; g + 1 < groups.length && ok; g++) {
      const group = groups[g + 1] ?? [];
      const gap = pattern.gaps[g] ?? DEFAULT_GAP;
      ok = false;
      for (let at = cursor; at <= cursor + gap && at < text.tokens.length; at++) {
        if (text.tokens[at]?.clause !== clause) break;
        if (groupAt(group, text, at, clause)) {
          for (let k = 0; k < group.length; k++) matched.add(at + k);
          cursor = at + group.length;
          ok = true;
          break;
        }
      }
    }
    if (!ok) continue;
    const last = cursor - 1;
    if (pattern.blockers !== null && spanHas(pattern.blockers, text, start, last, matched)) continue;
    if (pattern.unless !== null) {
      const near =
        pattern.unlessWindow === null
          ? clauseAsserts(pattern.unless, text, clause)
          : spanHas(
              pattern.unless,
              text,
              start - pattern.unlessWindow,
              cursor - 1 + pattern.unlessWindow,
              matched,
              clause,
            );
      if (near) continue;
    }
    // in an arrow chain or a list item, the arrow or the bullet is the relation a value needs
    const kind = text.clauses[clause]?.kind;
    const relaxed = pattern.value && (kind === "link" || kind === "item");
    if (
      pattern.within !== null &&
      !relaxed &&
      !withinReach(pattern.within, text, start, clause, pattern.withinPrevious)
    )
      continue;
    const match: Match = {
      first: start,
      last,
      start: text.tokens[start]?.start ?? 0,
      end: text.tokens[last]?.end ?? 0,
    };
    if (accept(match, matched)) return match;
  }
  return null;
}

export function evidenceOf(text: AnalysedAnswer, match: Match): Evidence {
  return { start: match.start, end: match.end, text: text.answer.slice(match.start, match.end) };
}

import type { GapKind } from "./normalise";
import type { Pos } from "./pos";

/**
 * Clauses: the units a claim is read from. A clause ends at a sentence end, a list item, an arrow (`→`, `->`),
 * a dash, and at a conjunction, a condition ("… falls back to the hosts file if DNS has no answer") or a comma
 * that joins two clauses each with its own verb ("CoreDNS returns the ClusterIP and iptables DNATs it"), never
 * inside a noun list or a "between A and B" pair ("A and AAAA queries", "Services and
 * EndpointSlices"). A colon after a short verbless label ("CoreDNS: answers 10.96.12.34") keeps the label as
 * the clause's subject.
 */
export interface ClauseToken {
  readonly word: string;
  readonly gap: GapKind;
  readonly sentence: number;
  readonly pos: Pos;
}

export type ClauseKind = "sentence" | "link" | "item";

export interface ClauseSpan {
  readonly first: number;
  /** inclusive */
  readonly last: number;
  readonly sentence: number;
  /** a link of an arrow chain, a list item, or (part of) a plain sentence */
  readonly kind: ClauseKind;
}

const JOINING = new Set([
  "and",
  "but",
  "so",
  "then",
  "which",
  "while",
  "whereas",
  "where",
  "because",
  "since",
  "although",
  "though",
  "until",
  "once",
  "after",
  "before",
  "when",
  "whereupon",
  "thus",
  "hence",
  "therefore",
  "however",
  "instead",
  "and then",
  "if",
  "unless",
]);

const isVerb = (pos: Pos | undefined): boolean => pos === "VERB" || pos === "AUX";

function hardBreakAt(tokens: readonly ClauseToken[], j: number): boolean {
  const t = tokens[j];
  return t !== undefined && hardBreak(t, tokens[j - 1]);
}

/** Indexes where a hard boundary starts a new segment (sentence, item, arrow, dash). */
function hardBreak(t: ClauseToken, previous: ClauseToken | undefined): boolean {
  if (previous === undefined) return true;
  if (t.sentence !== previous.sentence) return true;
  return t.gap === "arrow" || t.gap === "dash" || t.gap === "item" || t.gap === "sentence";
}

/** verbsBefore[i]: how many verbs come before token i (so "is there a verb in from..to" is O(1)). */
function verbCounts(tokens: readonly ClauseToken[]): number[] {
  const counts = [0];
  for (let i = 0; i < tokens.length; i++) counts.push((counts[i] ?? 0) + (isVerb(tokens[i]?.pos) ? 1 : 0));
  return counts;
}

const FRONTED_PLACE = new Set(["on", "in", "at", "inside", "within"]);
const PRONOUNS = new Set(["it", "they", "this", "that", "these", "those", "he", "she", "which"]);
const NOMINAL: ReadonlySet<Pos> = new Set(["NOUN", "PROPN", "DET", "NUM", "ADJ", "X"]);

/** Whether the part from `from` opens with its own nominal subject (not a verb, adverb or pronoun). */
function ownSubject(tokens: readonly ClauseToken[], from: number, to: number): boolean {
  let i = from;
  while (i <= to && JOINING.has(tokens[i]?.word ?? "")) i++;
  // a fronted place before the subject ("and on node-1 conntrack is changing the source"): a preposition, an
  // optional article and one name or noun, then the subject
  if (FRONTED_PLACE.has(tokens[i]?.word ?? "")) {
    let k = i + 1;
    if (tokens[k]?.pos === "DET") k++;
    const place = tokens[k];
    const subject = tokens[k + 1];
    if (place === undefined || subject === undefined || k + 1 > to) return false;
    if (place.pos !== "NOUN" && place.pos !== "PROPN") return false;
    if (!NOMINAL.has(subject.pos) || subject.pos === "DET" || subject.pos === "NUM") return false;
    return isVerb(tokens[k + 2]?.pos) || (tokens[k + 2] !== undefined && isVerb(tokens[k + 3]?.pos) && k + 3 <= to);
  }
  const t = tokens[i];
  if (t === undefined || i > to) return false;
  if (PRONOUNS.has(t.word)) return true;
  return NOMINAL.has(t.pos);
}

/** how far back a "between" may stand for the "and" at `i` to be its second half ("between the two bar pods and") */
const BETWEEN_REACH = 4;

/** Whether a "between" opened, within BETWEEN_REACH tokens before `i` and with no verb or break since, a pair the "and" at `i` completes. */
function pairsBetween(tokens: readonly ClauseToken[], start: number, i: number): boolean {
  for (let j = i - 1; j >= Math.max(start, i - BETWEEN_REACH); j--) {
    const u = tokens[j];
    if (u === undefined || isVerb(u.pos)) return false;
    if (u.word === "between") return true;
    if (u.gap !== "space") return false;
  }
  return false;
}

export function splitClauses(tokens: readonly ClauseToken[]): ClauseSpan[] {
  const out: ClauseSpan[] = [];
  const counts = verbCounts(tokens);
  const hasVerb = (_: readonly ClauseToken[], from: number, to: number): boolean =>
    to >= from && (counts[to + 1] ?? 0) - (counts[from] ?? 0) > 0;
  // where the next comma-level break, bracket or joining word after each token is (scanned once, right to left):
  // a verb inside a bracketed aside does not make the words before it a clause of their own
  const nextBreak: number[] = new Array<number>(tokens.length).fill(tokens.length);
  for (let j = tokens.length - 1; j >= 0; j--) {
    const u = tokens[j];
    const breaks =
      u !== undefined &&
      (u.gap === "comma" || u.gap === "colon" || u.gap === "bracket" || JOINING.has(u.word) || hardBreakAt(tokens, j));
    nextBreak[j] = breaks ? j : (nextBreak[j + 1] ?? tokens.length);
  }
  // 1. hard segments
  const segments: { first: number; last: number; kind: ClauseKind }[] = [];
  let segStart = 0;
  let kind: ClauseKind = "sentence";
  for (let i = 0; i <= tokens.length; i++) {
    const t = tokens[i];
    if (i === tokens.length || (i > 0 && t !== undefined && hardBreak(t, tokens[i - 1]))) {
      if (i > segStart) segments.push({ first: segStart, last: i - 1, kind });
      if (t === undefined) break;
      segStart = i;
      kind = t.gap === "arrow" ? "link" : t.gap === "item" ? "item" : "sentence";
    } else if (i === 0 && t !== undefined && t.gap === "item") {
      kind = "item";
    }
  }
  // an arrow chain's first element is a link too
  for (let s = 0; s + 1 < segments.length; s++) {
    const here = segments[s];
    const next = segments[s + 1];
    if (here !== undefined && next !== undefined && next.kind === "link" && here.kind !== "link") {
      const sameSentence = tokens[here.first]?.sentence === tokens[next.first]?.sentence;
      if (sameSentence) here.kind = "link";
    }
  }
  // 2. soft splits inside a segment: a joining word or comma between two verb-bearing parts
  for (const seg of segments) {
    let start = seg.first;
    for (let i = seg.first + 1; i <= seg.last; i++) {
      const t = tokens[i];
      if (t === undefined) continue;
      const joins = JOINING.has(t.word) || t.gap === "comma" || t.gap === "colon" || t.gap === "bracket";
      if (!joins) continue;
      // the rest of the candidate right part: up to the next comma-level break or joining word
      const end = Math.min(seg.last, (nextBreak[i + 1] ?? tokens.length) - 1);
      const rightFrom = JOINING.has(t.word) ? i + 1 : i;
      if (t.gap === "colon" && !hasVerb(tokens, start, i - 1) && i - start <= 3) continue; // "CoreDNS: answers …"
      // "picks which pod gets it", "which search domains to use": an object clause, not a relative one
      if (t.word === "which" && t.gap === "space" && (t.pos === "DET" || isVerb(tokens[i - 1]?.pos))) continue;
      // a conjunct without its own subject ("… and returns the pod IP", "and it is DNATed") shares the clause:
      // it is one claim about the same doer
      if ((t.word === "and" || t.word === "then") && !ownSubject(tokens, rightFrom, end)) continue;
      // "between bar-1 and bar-2", "from node-1 and node-2": the "and" completes the preposition's pair
      if (t.word === "and" && pairsBetween(tokens, start, i)) continue;
      if (hasVerb(tokens, start, i - 1) && hasVerb(tokens, rightFrom, end)) {
        out.push({ first: start, last: i - 1, sentence: tokens[start]?.sentence ?? 0, kind: seg.kind });
        start = i;
      }
    }
    out.push({ first: start, last: seg.last, sentence: tokens[start]?.sentence ?? 0, kind: seg.kind });
  }
  return out;
}

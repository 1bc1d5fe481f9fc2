import type { AnalysedAnswer, Token } from "./analyse";
import { remembered } from "./memo";

/**
 * Whether a token, a span or a clause holds a pattern word (lib/grade/pattern.ts compiles the words). Every
 * scan here is one pass over the tokens it is given, so it stays linear in the answer.
 */

/** One pattern word: any of its canonical words, key prefixes or exact values. */
export interface Term {
  readonly words: ReadonlySet<string>;
  readonly prefixes: readonly string[];
  readonly literals: ReadonlySet<string>;
}

/** Tokens before a word that a denial cue may stand in ("never … rewrites"). */
export const NEGATION_LOOKBACK = 5;

export function termMatches(term: Term, token: Token): boolean {
  if (token.long) return false;
  if (term.words.has(token.key)) return true;
  for (const alt of token.alts) if (term.words.has(alt)) return true;
  // a word prefix ("resolv*") never reaches into a dotted name ("resolv.conf" is its own concept)
  if (term.prefixes.length > 0 && prefixMatches(term.prefixes, token)) return true;
  if (term.literals.size > 0) {
    if (term.literals.has(token.surface) || term.literals.has(token.key)) return true;
    for (const part of token.parts) if (term.literals.has(part)) return true;
    // a domain suffix: "svc.cluster.local" inside "bar.app.svc.cluster.local"
    for (const value of term.literals) if (isDomainSuffix(token.surface, value)) return true;
  }
  return false;
}

function prefixMatches(prefixes: readonly string[], token: Token): boolean {
  // whether a key is dotted does not depend on the prefix: asked once per key, not once per prefix
  if (!token.key.includes(".")) {
    for (const prefix of prefixes) if (token.key.startsWith(prefix)) return true;
  }
  for (const alt of token.alts) {
    if (alt.includes(".")) continue;
    for (const prefix of prefixes) if (alt.startsWith(prefix)) return true;
  }
  return false;
}

/** `surface` ends with "." + `value`, without building that string per call. */
function isDomainSuffix(surface: string, value: string): boolean {
  const dot = surface.length - value.length - 1;
  return dot >= 0 && surface.charCodeAt(dot) === 46 && surface.endsWith(value);
}

// the candidate starts of a term depend on the term and the answer only, and the rubric interns its terms
// (pattern.ts), so a word that opens many patterns is looked up once per answer
const startsMemo = new WeakMap<AnalysedAnswer, Map<Term, readonly number[]>>();

/** Positions of tokens that may match the term, in order (from the answer's key and literal indexes). */
export function candidateStarts(term: Term, text: AnalysedAnswer): readonly number[] {
  return remembered(
    remembered(startsMemo, text, () => new Map()),
    term,
    () => scanStarts(term, text),
  );
}

function addList(lists: (readonly number[])[], list: readonly number[] | undefined): void {
  if (list !== undefined && list.length > 0) lists.push(list);
}

const ascending = (a: number, b: number): number => a - b;

function scanStarts(term: Term, text: AnalysedAnswer): readonly number[] {
  if (term.prefixes.length === 0 && term.literals.size === 0 && term.words.size === 1) {
    const [only] = term.words;
    return only === undefined ? [] : (text.byKey.get(only) ?? []);
  }
  const lists: (readonly number[])[] = [];
  for (const value of term.words) addList(lists, text.byKey.get(value));
  for (const value of term.literals) {
    addList(lists, text.byLiteral.get(value));
    addList(lists, text.byKey.get(value));
  }
  const keys = text.sortedKeys;
  for (const prefix of term.prefixes) {
    // first key >= prefix, then every key that starts with it
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[mid] ?? "") < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < keys.length && (keys[k] ?? "").startsWith(prefix); k++) {
      if (!(keys[k] ?? "").includes(".")) addList(lists, text.byKey.get(keys[k] ?? ""));
    }
  }
  if (lists.length <= 1) return lists[0] ?? [];
  const merged = lists.flat().sort(ascending);
  let write = 0;
  for (let read = 0; read < merged.length; read++) {
    if (read === 0 || merged[read] !== merged[write - 1]) merged[write++] = merged[read] ?? 0;
  }
  merged.length = write;
  return merged;
}

export function spanHas(
  term: Term,
  text: AnalysedAnswer,
  from: number,
  to: number,
  matched: ReadonlySet<number>,
  clause?: number,
): boolean {
  for (let i = Math.max(0, from); i <= to && i < text.tokens.length; i++) {
    const token = text.tokens[i];
    if (token === undefined || matched.has(i)) continue;
    if (clause !== undefined && token.clause !== clause) continue;
    if (termMatches(term, token)) return true;
  }
  return false;
}

/**
 * `within` words in the clause, or in the clause it takes its subject from ("CoreDNS answers, and it returns …");
 * with `previous`, also in the sentence before's last clause when this clause points back at it ("(… asks
 * CoreDNS.) What comes back is …"). Only patterns whose `within` words name the claim's referent opt in: a
 * cue such as "to" or "send" in the sentence before says nothing about this one.
 */
export function withinReach(term: Term, text: AnalysedAnswer, from: number, clause: number, previous = false): boolean {
  if (clauseHas(term, text, from, clause)) return true;
  const here = text.clauses[clause];
  const before = text.clauses[clause - 1];
  if (here === undefined || before === undefined) return false;
  const sameSentence = here.inherits && before.sentence === here.sentence;
  if (!sameSentence && !(previous && here.refersBack)) return false;
  return clauseHas(term, text, before.first, clause - 1);
}

// whether a clause holds a term depends on the clause and the term only: answered once per (term, clause)
const clauseMemo = new WeakMap<AnalysedAnswer, Map<Term, Map<number, boolean>>>();

export function clauseHas(term: Term, text: AnalysedAnswer, from: number, clause: number): boolean {
  let byTerm = clauseMemo.get(text);
  if (byTerm === undefined) {
    byTerm = new Map();
    clauseMemo.set(text, byTerm);
  }
  let byClause = byTerm.get(term);
  if (byClause === undefined) {
    byClause = new Map();
    byTerm.set(term, byClause);
  }
  const known = byClause.get(clause);
  if (known !== undefined) return known;
  const found = scanClause(term, text, from, clause);
  byClause.set(clause, found);
  return found;
}

function scanClause(term: Term, text: AnalysedAnswer, from: number, clause: number): boolean {
  for (let i = from; i >= 0; i--) {
    const token = text.tokens[i];
    if (token === undefined || token.clause !== clause) break;
    if (termMatches(term, token)) return true;
  }
  for (let i = from + 1; i < text.tokens.length; i++) {
    const token = text.tokens[i];
    if (token === undefined || token.clause !== clause) break;
    if (termMatches(term, token)) return true;
  }
  return false;
}

/** Whether the clause holds the term other than denied ("without any DNAT" does not cancel "connects directly"). */
export function clauseAsserts(term: Term, text: AnalysedAnswer, clause: number): boolean {
  const span = text.clauses[clause];
  if (span === undefined) return false;
  for (let i = span.first; i <= span.last; i++) {
    const token = text.tokens[i];
    if (token === undefined || !termMatches(term, token)) continue;
    let denied = false;
    for (let k = i - 1; k >= span.first && k >= i - NEGATION_LOOKBACK; k--) {
      const t = text.tokens[k];
      if (t === undefined || t.scope !== token.scope) break;
      if (t.negation) denied = true;
    }
    if (!denied) return true;
  }
  return false;
}

/**
 * Whether a clause of the same sentence as `clause` (it included) holds the term other than denied: "… straight
 * back to foo, and conntrack swaps the source back" puts a claim right, "… back to foo without any translation"
 * does not.
 */
export function sentenceHas(term: Term, text: AnalysedAnswer, clause: number): boolean {
  const sentence = text.clauses[clause]?.sentence;
  if (sentence === undefined) return false;
  for (let c = clause; c >= 0 && text.clauses[c]?.sentence === sentence; c--) {
    if (clauseAsserts(term, text, c)) return true;
  }
  for (let c = clause + 1; c < text.clauses.length && text.clauses[c]?.sentence === sentence; c++) {
    if (clauseAsserts(term, text, c)) return true;
  }
  return false;
}

/**
 * The scope of a claim: whether the learner states it about this request, or says it in a way that is no claim.
 *
 * - `asserted` (or `hedged`: "I think", "probably"): the learner's claim. Hedged claims earn credit and a
 *   hedged wrong claim is still flagged: it is what the learner believes.
 * - `undecided` ("either the ClusterIP or the pod IPs, not sure"), `question`: neither credited nor flagged.
 * - `retracted` ("I first thought X — no, wrong, it is Y"): X is neither; Y is the claim.
 * - `historical` ("years ago kube-proxy copied the bytes in user space; now it only programs rules") and
 *   `hypothetical` ("if this were IPVS …", "had the Service been headless"): not about this request.
 * - `reported` ("a common myth is that CoreDNS balances the traffic"): a belief named, not held.
 *
 * Markers reach forward through the sentence's later clauses until a contrast ("but", "now", "today",
 * "actually", "instead"). Negation is per match, not per clause (lib/grade/claims.ts).
 */
export type Scope =
  "asserted" | "hedged" | "undecided" | "question" | "retracted" | "historical" | "hypothetical" | "reported";

/** Scopes in which a claim earns credit for a concept. */
export const CREDITED_SCOPES: ReadonlySet<Scope> = new Set(["asserted", "hedged"]);
/** Scopes in which a wrong claim is flagged as a misconception. */
export const FLAGGED_SCOPES: ReadonlySet<Scope> = new Set(["asserted", "hedged"]);

/** A cue: one word, or consecutive words (compared with the tokens' lower-case surfaces). */
type Cue = readonly string[];
// the answer's words lose a possessive or contracted "'s" ("that's" is read as "that"), so cues do too
const cues = (...phrases: string[]): Cue[] =>
  phrases.map((p) => p.split(" ").map((w) => (w.endsWith("'s") ? w.slice(0, -2) : w)));

const HEDGE = cues(
  "i think",
  "i believe",
  "i guess",
  "i assume",
  "i suppose",
  "probably",
  "maybe",
  "perhaps",
  "likely",
  "iirc",
  "if i remember correctly",
  "if i recall correctly",
  "i'm fairly sure",
  "i am fairly sure",
  "i'm pretty sure",
  "as far as i know",
  "afaik",
);
const UNDECIDED = cues(
  "not sure",
  "unsure",
  "no idea",
  "i don't know",
  "i do not know",
  "don't remember",
  "can't remember",
  "cannot remember",
  "not certain",
  "or maybe",
  "one or the other",
);
const HISTORY = cues(
  "years ago",
  "used to",
  "in the past",
  "in the old days",
  "back in the day",
  "back then",
  "historically",
  "formerly",
  "originally",
  "old versions",
  "older versions",
  "old releases",
  "older releases",
  "legacy",
  "long gone",
  "deprecated",
  "was removed",
  "early versions",
  "earlier versions",
  "in the beginning",
  "before kubernetes",
  "early releases",
  "early days",
  "long ago",
  "was removed",
  "were removed",
  "no longer",
  "in old",
  // an anecdote ("I remember an incident where packets were DNATed to a dead pod") is another time, another cluster
  "incident",
  "outage",
  "postmortem",
  "war story",
);
const HYPOTHETICAL = cues(
  "if this were",
  "if it were",
  "if it was",
  "if the service were",
  "if the service was",
  "if bar were",
  "if bar was",
  "if we had",
  "if there were",
  "if it had",
  "had it been",
  "had the service been",
  "were it",
  "would have",
  "suppose",
  "supposing",
  "imagine",
  "hypothetically",
  "in a hypothetical",
  "otherwise",
  "in a different",
  "in another cluster",
  "on another cluster",
);
const REPORTED = cues(
  "myth",
  "misconception",
  "common mistake",
  "a mistake to",
  "people think",
  "people often think",
  "people believe",
  "many think",
  "many people",
  "some people",
  "some say",
  "some think",
  "it is wrong to",
  "it's wrong to",
  "wrong to say",
  "wrong to think",
  "contrary to",
  "is not true that",
  "isn't true that",
  "not the case that",
  "incorrectly",
  "mistakenly",
  "naive",
  "naively",
  "you might think",
  "one might think",
  "you'd think",
  "you would think",
);
/** "I first thought …": the clause states a belief the learner goes on to drop. */
const RETRACTED_BELIEF = cues(
  "i first thought",
  "at first i thought",
  "i initially thought",
  "initially i thought",
  "i originally thought",
  "i used to think",
  "i thought at first",
  "i first assumed",
  "at first i assumed",
  "my first guess",
  "my first thought",
  "my first answer",
  "my first instinct",
  "my first reaction",
  "i was thinking",
  "i was first thinking",
  "firstly i was thinking",
  "at first i was thinking",
  "i first was thinking",
);
/** Opens a clause that takes back what came before ("— no, wrong, …", "actually no", "scratch that"). */
const RETRACTION = cues(
  "no wait",
  "no, wait",
  "wait no",
  "actually no",
  "no actually",
  "scratch that",
  "strike that",
  "that's wrong",
  "that is wrong",
  "that's not right",
  "that is not right",
  "that's incorrect",
  "that is incorrect",
  "that's not correct",
  "that is not correct",
  "this is not correct",
  "this is not right",
  "this is wrong",
  "this is incorrect",
  "i was wrong",
  "i'm wrong",
  "my mistake",
  "correction",
  "not quite",
  "no wrong",
  "no, wrong",
  "wrong",
  "oops",
  "sorry",
);
/** Ends a history, hypothetical or reported stretch inside a sentence. */
const CONTRAST = cues(
  "but",
  "now",
  "today",
  "nowadays",
  "these days",
  "currently",
  "in reality",
  "in fact",
  "actually",
  "instead",
  "however",
  "whereas",
  "in this cluster",
  "in this scenario",
  "in our case",
  "here",
  "in modern",
  "modern",
  "since then",
);

/** "if bar were headless", "if the Service had no endpoints", "if this was IPVS": a condition contrary to fact. */
const USUALLY = new Set(["normally", "usually", "ordinarily", "typically"]);

function counterfactual(words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    // "normally the lookup would return a ClusterIP, but …": what other Services do, not this one
    if (USUALLY.has(words[i] ?? "")) {
      for (let k = Math.max(0, i - 2); k < Math.min(words.length, i + 5); k++) if (words[k] === "would") return true;
    }
    if (words[i] !== "if" && words[i] !== "were" && words[i] !== "had") continue;
    if (words[i] === "were" || words[i] === "had") {
      // "were the Service headless", "had it been": inverted conditionals open the clause
      if (i === 0 && words.length > 2) return true;
      continue;
    }
    for (let k = i + 1; k < Math.min(words.length, i + 6); k++) {
      const w = words[k];
      if (w === "were" || w === "had" || w === "would" || w === "was") return true;
    }
  }
  return false;
}

const ERA_WORDS = new Set(["days", "era", "times"]);

/**
 * "back in the userspace-proxy days", "in the iptables-only era", "in those days": a past era named by its
 * feature. "in" opens it, an era word closes it within five words, so "comes back in the same connection" is not.
 */
function pastEra(words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== "in") continue;
    const next = words[i + 1];
    if (next !== "the" && next !== "those") continue;
    for (let k = i + 2; k < Math.min(words.length, i + 7); k++) {
      const w = words[k] ?? "";
      if (ERA_WORDS.has(w)) return true;
      if (w === "in") break;
    }
  }
  return false;
}

/**
 * "either the ClusterIP or the pod IPs": two alternatives left open. "Either way", "to either endpoint" and
 * "either of the pods" commit to something true of both.
 */
function eitherOr(words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== "either" || words[i + 1] === "way" || words[i + 1] === "of") continue;
    for (let k = i + 2; k < words.length; k++) if (words[k] === "or") return true;
  }
  return false;
}

const FILLERS = new Set(["hmm", "hm", "um", "umm", "uh", "er", "erm", "oh", "well", "ok", "okay", "ah"]);

/** "hmm, no, scratch that": a filler before the cue does not stop it opening the clause. */
function withoutFillers(words: readonly string[]): readonly string[] {
  let i = 0;
  while (i < words.length && FILLERS.has(words[i] ?? "")) i++;
  return i === 0 ? words : words.slice(i);
}

function cueAt(words: readonly string[], at: number, cue: Cue): boolean {
  for (let k = 0; k < cue.length; k++) if (words[at + k] !== cue[k]) return false;
  return true;
}

const byFirst = new WeakMap<readonly Cue[], Map<string, Cue[]>>();

/** Does any cue of the list occur in `words` (optionally only at the start)? Cues are indexed by first word. */
export function hasCue(words: readonly string[], list: readonly Cue[], atStartOnly = false): boolean {
  let index = byFirst.get(list);
  if (index === undefined) {
    index = new Map();
    for (const cue of list) {
      const first = cue[0] ?? "";
      const bucket = index.get(first);
      if (bucket === undefined) index.set(first, [cue]);
      else bucket.push(cue);
    }
    byFirst.set(list, index);
  }
  const last = atStartOnly ? Math.min(words.length - 1, 1) : words.length - 1;
  for (let i = 0; i <= last; i++) {
    const bucket = index.get(words[i] ?? "");
    if (bucket !== undefined) for (const cue of bucket) if (cueAt(words, i, cue)) return true;
  }
  return false;
}

/**
 * A reported belief, unless it is only the yardstick of a comparison: "simpler than people think: the reply
 * arrives as it is" is the speaker's own claim, told against what others believe ("than" right before the cue,
 * or one word before it: "than most people think").
 */
function reportsBelief(words: readonly string[]): boolean {
  if (!hasCue(words, REPORTED)) return false;
  for (let i = 0; i < words.length; i++) {
    if (!REPORTED.some((cue) => cueAt(words, i, cue))) continue;
    if (words[i - 1] !== "than" && words[i - 2] !== "than") return true;
  }
  return false;
}

export interface ClauseWords {
  readonly sentence: number;
  /** lower-case surfaces of the clause's tokens */
  readonly words: readonly string[];
  readonly question: boolean;
}

/**
 * The scope of every clause, in answer order. History, hypotheticals and reported beliefs reach forward in
 * their sentence until a contrast; a retraction takes back the clauses before it in its sentence (or the
 * previous sentence when it opens one).
 */
export function clauseScopes(clauses: readonly ClauseWords[]): Scope[] {
  const out: Scope[] = [];
  // a retraction takes back what came before it, down to the previous retraction (each clause at most once)
  let retractedFrom = 0;
  let carried: Scope | null = null;
  let sentence = -1;
  for (let c = 0; c < clauses.length; c++) {
    const clause = clauses[c];
    if (clause === undefined) continue;
    const words = clause.words;
    if (clause.sentence !== sentence) {
      carried = null;
      sentence = clause.sentence;
    }
    if (hasCue(words, CONTRAST, true)) carried = null;
    // a clause made only of a retraction cue ("no, wrong") takes back what came before it
    const opensWithRetraction = hasCue(withoutFillers(words), RETRACTION, true);
    if (opensWithRetraction) {
      const firstInSentence = c === 0 || clauses[c - 1]?.sentence !== clause.sentence;
      for (let back = c - 1; back >= retractedFrom; back--) {
        const earlier = clauses[back];
        if (earlier === undefined) break;
        const sameSentence = earlier.sentence === clause.sentence;
        const previousSentence = firstInSentence && earlier.sentence === clause.sentence - 1;
        if (!sameSentence && !previousSentence) break;
        if (out[back] === "asserted" || out[back] === "hedged") out[back] = "retracted";
      }
      retractedFrom = c;
      carried = null;
    }
    let scope: Scope;
    if (clause.question) scope = "question";
    else if (hasCue(words, RETRACTED_BELIEF)) scope = "retracted";
    else if (hasCue(words, HISTORY) || pastEra(words)) scope = "historical";
    else if (hasCue(words, HYPOTHETICAL) || counterfactual(words)) scope = "hypothetical";
    else if (reportsBelief(words)) scope = "reported";
    else if (hasCue(words, UNDECIDED) || eitherOr(words)) scope = "undecided";
    else if (carried !== null) scope = carried;
    else if (hasCue(words, HEDGE)) scope = "hedged";
    else scope = "asserted";
    if (scope === "historical" || scope === "hypothetical" || scope === "reported" || scope === "retracted") {
      carried = scope;
    }
    out.push(scope);
  }
  return out;
}

import { splitClauses, type ClauseKind } from "./clauses";
import type { Lexicon } from "./lexicon";
import { MAX_TOKEN_CHARS, tokenise, type GapKind } from "./normalise";
import { winkTagger, type Pos, type PosTagger } from "./pos";
import { clauseScopes, type Scope } from "./scope";
import { ationVerbStem, stem } from "./stem";
import { activeSentences } from "./voice";

/**
 * An answer ready for claim matching: tokens with canonical keys (typo-corrected, stemmed, synonyms merged) and
 * part-of-speech tags, grouped into clauses, each with its scope and where its subject is. Nothing here depends
 * on the scenario, so one analysis serves every valid path of a request.
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
  readonly clause: number;
  /** negation reach: a denial cue only reaches later tokens with the same scope (ends at commas, brackets) */
  readonly scope: number;
  readonly pos: Pos;
  /** what separated the token from the previous one */
  readonly gap: GapKind;
  /** a denial cue ("not", "never", "without", "n't") */
  readonly negation: boolean;
  readonly corrected: boolean;
  /** over MAX_TOKEN_CHARS: matches nothing */
  readonly long: boolean;
}

export interface Clause {
  readonly index: number;
  readonly first: number;
  /** inclusive token index */
  readonly last: number;
  readonly start: number;
  readonly end: number;
  readonly sentence: number;
  readonly kind: ClauseKind;
  readonly scope: Scope;
  /** has a verb (a predicate): a clause without one states nothing on its own */
  readonly verb: boolean;
  /** a bare list of terms ("resolv.conf, ndots, CoreDNS, ClusterIP, iptables") */
  readonly list: boolean;
  /** token indexes of the subject (before the verb, up to a preposition) and of a passive agent ("by X") */
  readonly subject: readonly number[];
  readonly agent: readonly number[];
  /** no subject of its own ("… and routed over VXLAN", "it …"): the previous clause's actor applies */
  readonly inherits: boolean;
  /**
   * opens its sentence with a word that points back at the sentence before ("It answers …", "What comes back
   * are …"): that sentence's last clause is its context (lib/grade/term-match.ts `withinReach`)
   */
  readonly refersBack: boolean;
}

export interface AnalysedAnswer {
  readonly answer: string;
  readonly tokens: readonly Token[];
  readonly clauses: readonly Clause[];
  /** key (and alts) → ascending token positions */
  readonly byKey: ReadonlyMap<string, readonly number[]>;
  /** exact surface or part → ascending token positions */
  readonly byLiteral: ReadonlyMap<string, readonly number[]>;
  /** the keys of byKey, sorted, for prefix lookups by binary search */
  readonly sortedKeys: readonly string[];
  /**
   * the passive clauses read in the active voice (lib/grade/voice.ts), analysed on their own: one sentence per
   * reworded clause, `clauseOf[i]` the answer's clause that sentence `i` rewords
   */
  readonly active?: { readonly text: AnalysedAnswer; readonly clauseOf: readonly number[] };
}

// Cues that turn the statement after them (in the same clause) into a denial.
const NEGATION_WORDS = new Set([
  "not",
  "no",
  "never",
  "none",
  "nothing",
  "nobody",
  "neither",
  "nor",
  "without",
  "cannot",
]);
// "n't" typed without its apostrophe ("the pod dont see it"), as hurried and non-native answers write it
const BARE_CONTRACTIONS = new Set([
  "dont",
  "doesnt",
  "didnt",
  "isnt",
  "arent",
  "wasnt",
  "werent",
  "cant",
  "couldnt",
  "wouldnt",
  "shouldnt",
  "hasnt",
  "havent",
  "neednt",
]);
// "not only", "no matter", "not just", "no longer" (a change, said of history): not denials.
const NEGATION_EXCEPTIONS = new Set(["only", "just", "matter", "longer", "sure", "idea", "doubt"]);

function isNegationCue(surface: string, previous: string | undefined, next: string | undefined): boolean {
  if (NEGATION_WORDS.has(surface)) return next === undefined || !NEGATION_EXCEPTIONS.has(next);
  // "instead of returning the pod IP", "rather than a timeout"
  if ((surface === "of" && previous === "instead") || (surface === "than" && previous === "rather")) return true;
  return (surface.endsWith("n't") || BARE_CONTRACTIONS.has(surface)) && next !== "know" && next !== "remember";
}

const PART_SPLIT = /[:/]/;
const ASCII_WORD = /^[\x20-\x7e]*$/;
const TECHNICAL = /[\d.:/_]/;
// Verb forms the general tagger reads as nouns after a component name ("CoreDNS picks", "kube-proxy programs").
const DOMAIN_VERBS = new Set(
  (
    "picks programs dnats snats routes forwards rewrites answers returns resolves appends matches jumps selects " +
    "chooses translates maps rejects drops delivers receives replies sends queries tries reads writes looks hits " +
    "reaches encapsulates tunnels balances spreads expands adds checks loads consults watches updates records " +
    "tracks remembers restores reverses undoes swaps changes replaces intercepts catches handles proxies relays " +
    "responds hands dials connects opens resolve route forward rewrite pick answer return change translate connect"
  ).split(" "),
);
// Base forms that open a step written as an instruction; the tagger reads a capitalised one as a name.
const IMPERATIVES = new Set(
  (
    "query connect resolve send route forward rewrite pick answer return look ask try append expand match jump " +
    "select choose translate deliver reply dial open read check hit reach encapsulate"
  ).split(" "),
);
const NAT_VERB = /^(?:d|s)?nat(?:s|ed|ted|'d|'ed|ing)$/;
const VERB_FOLLOWERS: ReadonlySet<Pos> = new Set(["DET", "PRON", "ADP", "SCONJ", "NUM", "ADV", "PROPN"]);
const SUBJECT_POS: ReadonlySet<Pos> = new Set(["NOUN", "PROPN", "PRON", "X"]);
// component names that are no English verb: one the model tags as a verb right before a verb is the subject
// ("and then flannel carries the packet …")
const COMPONENT_NAMES = new Set([
  "flannel",
  "calico",
  "cilium",
  "coredns",
  "conntrack",
  "kube-proxy",
  "iptables",
  "ipvs",
  "nftables",
  "kubelet",
  "glibc",
  "musl",
  "vxlan",
]);
const STOP_SUBJECT = new Set(["in", "on", "of", "at", "from", "for", "with", "inside", "within", "via", "behind"]);
const PRONOUNS = new Set(["it", "they", "this", "that", "which", "he", "she"]);
/** a sentence's first word that points back at the sentence before */
const BACK_REFERENCES = new Set(["it", "they", "this", "that", "what", "these", "those"]);

export interface AnalyseOptions {
  readonly tagger?: PosTagger;
  /** read passive clauses again in the active voice (default true; the active reading itself has none) */
  readonly active?: boolean;
}

export function analyseAnswer(answer: string, lexicon: Lexicon, options: AnalyseOptions = {}): AnalysedAnswer {
  const { tokens: raw, questions } = tokenise(answer, lexicon.wholeWords);
  const stems: string[] = [];
  const correctedFlags: boolean[] = [];
  for (const token of raw) {
    if (token.long) {
      stems.push("");
      correctedFlags.push(false);
      continue;
    }
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

  // part of speech per raw token, technical tokens masked as a proper noun
  const tagger = options.tagger ?? winkTagger;
  // technical tokens and words outside ASCII (whose part of speech the grader never needs) are a placeholder name
  const words = raw.map((t) =>
    t.long || TECHNICAL.test(t.text) || t.text.startsWith("kube-") || !ASCII_WORD.test(t.cased) ? "Xylo" : t.cased,
  );
  const breaks = raw.map((t) =>
    t.gap === "sentence" || t.gap === "item" || t.gap === "arrow" ? "." : t.gap === "comma" ? "," : "",
  );
  const rawPos = tagger.tag(words, breaks);
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i];
    if (t === undefined) continue;
    const pos = rawPos[i] ?? "X";
    const previous = rawPos[i - 1];
    const opensSentence = i === 0 || raw[i - 1]?.sentence !== t.sentence || t.gap === "arrow" || t.gap === "item";
    const nextWord = raw[i + 1]?.sentence === t.sentence ? raw[i + 1]?.text : undefined;
    if (NAT_VERB.test(t.text)) rawPos[i] = "VERB";
    else if (pos === "VERB" && COMPONENT_NAMES.has(t.text) && rawPos[i + 1] === "VERB" && nextWord !== undefined)
      rawPos[i] = "PROPN";
    else if (/^(?:d|s)?nat$/.test(t.text) && (nextWord === "to" || nextWord === "it" || nextWord === "the")) {
      // "DNAT to 10.244.2.7:8443", "SNAT it": the translation as a verb
      rawPos[i] = "VERB";
    } else if (opensSentence && pos !== "VERB" && IMPERATIVES.has(t.text) && raw[i + 1]?.sentence === t.sentence) {
      // "Query bar.app.svc.cluster.local", "Connect to 10.96.12.34:443": a step written as an instruction
      rawPos[i] = "VERB";
    } else if (
      pos !== "VERB" &&
      DOMAIN_VERBS.has(t.text) &&
      previous !== undefined &&
      (SUBJECT_POS.has(previous) || PRONOUNS.has(raw[i - 1]?.text ?? ""))
    ) {
      if (raw[i - 1]?.sentence === t.sentence) rawPos[i] = "VERB";
    } else if (
      pos === "NOUN" &&
      t.text.endsWith("s") &&
      previous === "PROPN" &&
      raw[i - 1]?.sentence === t.sentence &&
      (i < 2 || raw[i - 2]?.sentence !== t.sentence || rawPos[i - 2] === "DET" || raw[i - 1]?.gap !== "space") &&
      VERB_FOLLOWERS.has(rawPos[i + 1] ?? "X")
    ) {
      // "CoreDNS notices that …", "Flannel encapsulates the packet": a name, then a verb the model took for a noun
      rawPos[i] = "VERB";
    } else if (
      t.text === "reverse" &&
      /^(?:d?nat|translation|mapping|lookup|path|direction)/.test(raw[i + 1]?.text ?? "")
    ) {
      rawPos[i] = "ADJ";
    }
  }

  // "translation" is also read as "translat…", the stem of its verb
  const withVerbStem = (alts: string[], word: string | null): string[] => {
    const verb = word === null ? null : ationVerbStem(word);
    return verb === null ? alts : [...alts, verb];
  };
  // synonyms merge consecutive tokens into one (never across a clause-level gap)
  const merged: {
    key: string;
    alts: string[];
    surface: string;
    from: number;
    to: number;
    pos: Pos;
    corrected: boolean;
  }[] = [];
  const canJoin = (from: number, to: number): boolean => {
    for (let k = from + 1; k <= to; k++) {
      const g = raw[k]?.gap;
      if (g !== "space" && g !== "bracket") return false;
    }
    return raw[from]?.sentence === raw[to]?.sentence;
  };
  for (let i = 0; i < raw.length;) {
    const first = raw[i];
    if (first === undefined) break;
    const hit = first.long ? null : lexicon.synonyms.longestAt(stems, i, canJoin);
    const length = hit?.length ?? 1;
    const surface =
      length === 1
        ? first.text
        : raw
            .slice(i, i + length)
            .map((t) => t.text)
            .join(" ");
    const partsPos = rawPos.slice(i, i + length);
    const pos: Pos =
      length === 1 ? (partsPos[0] ?? "X") : partsPos.includes("VERB") && hit?.key === "load-balance" ? "VERB" : "NOUN";
    merged.push({
      key: first.long ? "" : (hit?.key ?? stems[i] ?? first.text),
      alts: first.long ? [] : withVerbStem(stems.slice(i, i + length), length === 1 ? first.text : null),
      surface: first.long ? "" : surface,
      from: i,
      to: i + length - 1,
      pos,
      corrected: correctedFlags.slice(i, i + length).some(Boolean),
    });
    i += length;
  }

  // clauses over the merged tokens
  const spans = splitClauses(
    merged.map((m) => ({
      word: m.surface,
      gap: raw[m.from]?.gap ?? "space",
      sentence: raw[m.from]?.sentence ?? 0,
      pos: m.pos,
    })),
  );
  const clauseOf: number[] = new Array<number>(merged.length).fill(0);
  spans.forEach((span, c) => {
    for (let i = span.first; i <= span.last; i++) clauseOf[i] = c;
  });
  // "A?" in "bar.app.svc.cluster.local A? to 10.96.0.10" is DNS notation: a question opens like one
  const interrogative = new Set<number>();
  let lastSentence = -1;
  for (const m of merged) {
    const sentence = raw[m.from]?.sentence ?? 0;
    if (sentence === lastSentence) continue;
    lastSentence = sentence;
    if (QUESTION_OPENERS.has(m.surface) || m.surface.endsWith("n't")) interrogative.add(sentence);
  }
  const scopes = clauseScopes(
    spans.map((span) => ({
      sentence: span.sentence,
      words: merged.slice(span.first, span.last + 1).map((m) => m.surface),
      question: questions[span.sentence] === true && interrogative.has(span.sentence),
    })),
  );

  let scope = 0;
  const tokens: Token[] = merged.map((m, position) => {
    const g = raw[m.from]?.gap ?? "space";
    if (
      position > 0 &&
      (g !== "space" || clauseOf[position] !== clauseOf[position - 1] || CLAUSE_WORDS.has(m.surface))
    ) {
      scope++;
    }
    const first = raw[m.from];
    const last = raw[m.to] ?? first;
    const next = merged[position + 1]?.surface;
    const previous = merged[position - 1]?.surface;
    const sameClauseNext = clauseOf[position + 1] === clauseOf[position] ? next : undefined;
    return {
      key: m.key,
      alts: recordType(answer, merged, raw, position) ? [...m.alts, "a-record"] : m.alts,
      surface: m.surface,
      parts: m.from === m.to && PART_SPLIT.test(m.surface) ? m.surface.split(PART_SPLIT) : [],
      start: first?.start ?? 0,
      end: last?.end ?? 0,
      sentence: first?.sentence ?? 0,
      clause: clauseOf[position] ?? 0,
      scope,
      gap: g,
      pos: m.pos,
      negation: m.from === m.to && isNegationCue(m.surface, previous, sameClauseNext),
      corrected: m.corrected,
      long: first?.long === true || m.surface.length > MAX_TOKEN_CHARS,
    };
  });

  const clauses: Clause[] = spans.map((span, index) => {
    const clauseTokens = tokens.slice(span.first, span.last + 1);
    const verbAt = clauseTokens.findIndex((t) => t.pos === "VERB" || t.pos === "AUX");
    const subject: number[] = [];
    const end = verbAt === -1 ? clauseTokens.length : verbAt;
    let lead = 0;
    while (lead < end && JOINING_START.has(clauseTokens[lead]?.surface ?? "")) lead++;
    for (let k = lead; k < end; k++) {
      const t = clauseTokens[k];
      if (t === undefined || STOP_SUBJECT.has(t.surface)) break;
      subject.push(span.first + k);
    }
    const agent: number[] = [];
    if (verbAt !== -1) {
      for (let k = verbAt + 1; k < clauseTokens.length; k++) {
        if (clauseTokens[k]?.surface !== "by") continue;
        for (let j = k + 1; j < clauseTokens.length && j <= k + 4; j++) agent.push(span.first + j);
        break;
      }
    }
    const subjectWords = subject.map((i) => tokens[i]?.surface ?? "");
    const inherits = subject.length === 0 || (subjectWords.length <= 2 && subjectWords.some((w) => PRONOUNS.has(w)));
    const gapAt = (k: number) => raw[merged[span.first + k]?.from ?? 0]?.gap;
    const commas = clauseTokens.filter((t, k) => k > 0 && gapAt(k) === "comma");
    // "- DNS: CoreDNS, CNAME/A/SRV records, stub resolvers": a list item's heading colon separates terms too
    const separators =
      commas.length + (span.kind === "item" && clauseTokens.some((t, k) => k > 0 && gapAt(k) === "colon") ? 1 : 0);
    return {
      index,
      first: span.first,
      last: span.last,
      start: tokens[span.first]?.start ?? 0,
      end: tokens[span.last]?.end ?? 0,
      sentence: span.sentence,
      kind: span.kind,
      scope: scopes[index] ?? "asserted",
      verb: verbAt !== -1,
      // an arrow hop quoting a value ("DNAT 10.244.1.21:9090 (payments-1, same node, cni0)") is a step, not a list
      list:
        commas.length >= 2 &&
        !(span.kind === "link" && clauseTokens.some((t) => TECHNICAL.test(t.surface) && /\d/.test(t.surface))) &&
        clauseTokens.length <= 4 * (commas.length + 1) &&
        (verbAt === -1 || (separators >= 3 && loneVerbTerm(clauseTokens, verbAt))),
      subject,
      agent,
      inherits,
      refersBack:
        index > 0 &&
        spans[index - 1]?.sentence === span.sentence - 1 &&
        BACK_REFERENCES.has(clauseTokens[lead]?.surface ?? ""),
    };
  });

  const chained = termChains(tokens, clauses);

  const byKey = new Map<string, number[]>();
  const byLiteral = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, position: number): void => {
    if (key === "") return;
    const list = map.get(key);
    if (list === undefined) map.set(key, [position]);
    else if (list[list.length - 1] !== position) list.push(position);
  };
  tokens.forEach((token, position) => {
    if (token.long) return;
    add(byKey, token.key, position);
    for (const alt of token.alts) add(byKey, alt, position);
    add(byLiteral, token.surface, position);
    for (const part of token.parts) add(byLiteral, part, position);
    // a domain suffix ("svc.cluster.local") is found inside a longer name ("bar.app.svc.cluster.local")
    let suffixes = 0;
    for (
      let dot = token.surface.indexOf(".");
      dot !== -1 && suffixes++ < 12;
      dot = token.surface.indexOf(".", dot + 1)
    ) {
      add(byLiteral, token.surface.slice(dot + 1), position);
    }
  });
  const sortedKeys = [...byKey.keys()].sort();
  const analysed: AnalysedAnswer = { answer, tokens, clauses: chained, byKey, byLiteral, sortedKeys };
  if (options.active === false) return analysed;
  const reworded = activeSentences(analysed);
  if (reworded.length === 0) return analysed;
  const activeText = analyseAnswer(reworded.map((r) => r.text).join(". "), lexicon, { ...options, active: false });
  return { ...analysed, active: { text: activeText, clauseOf: reworded.map((r) => r.clause) } };
}

const RECORD_TYPES = new Set(["A", "AAAA"]);
const DOTTED_NAME = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+\.?$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * "payments.billing.svc.cluster.local A 10.96.40.20": a record written in zone-file notation (a dotted name, the
 * type in capitals, an address) is an A record, not the article "a".
 */
function recordType(
  answer: string,
  merged: readonly { surface: string; from: number; to: number }[],
  raw: readonly { start: number; end: number }[],
  position: number,
): boolean {
  const m = merged[position];
  if (m === undefined || m.from !== m.to) return false;
  const r = raw[m.from];
  if (r === undefined || !RECORD_TYPES.has(answer.slice(r.start, r.end))) return false;
  const after = merged[position + 1]?.surface ?? "";
  // dig's answer line puts the TTL and the class between the name and the type ("bar….local. 30 IN A 10.244.1.5")
  let at = position - 1;
  if (merged[at]?.surface === "in" && /^\d{1,10}$/.test(merged[at - 1]?.surface ?? "")) at -= 2;
  const before = merged[at]?.surface ?? "";
  return DOTTED_NAME.test(before) && before.includes(".") && IPV4.test(after);
}

const MIN_CHAIN_LINKS = 3;

/**
 * "resolv.conf → ndots → search domain → CoreDNS → ClusterIP → DNAT → conntrack": an arrow chain whose hops are
 * all bare terms (no hop of more than two words has a verb, none quotes a value with digits) is a keyword list
 * drawn with arrows, so each hop is a list. A chain with one real hop ("DNAT to 10.244.2.7:8443",
 * "CoreDNS answers 10.96.12.34") keeps its hops as steps.
 */
function termChains(tokens: readonly Token[], clauses: readonly Clause[]): readonly Clause[] {
  const bare = new Set<number>();
  let from = 0;
  while (from < clauses.length) {
    const sentence = clauses[from]?.sentence;
    let to = from;
    while (to + 1 < clauses.length && clauses[to + 1]?.sentence === sentence) to++;
    let links = 0;
    let real = false;
    for (let c = from; c <= to && !real; c++) {
      const clause = clauses[c];
      if (clause === undefined || clause.kind !== "link") {
        real = true;
        break;
      }
      links++;
      const size = clause.last - clause.first + 1;
      for (let i = clause.first; i <= clause.last; i++) {
        const t = tokens[i];
        if (t === undefined) continue;
        if (TECHNICAL.test(t.surface) && /\d/.test(t.surface)) real = true;
        if (size > 2 && (t.pos === "VERB" || t.pos === "AUX")) real = true;
        if (RELATION_WORDS.has(t.surface)) real = true;
      }
    }
    if (!real && links >= MIN_CHAIN_LINKS) for (let c = from; c <= to; c++) bare.add(c);
    from = to + 1;
  }
  if (bare.size === 0) return clauses;
  return clauses.map((c, index) => (bare.has(index) ? { ...c, list: true } : c));
}

// "VXLAN to node-2", "DNAT into the pod": a hop relating two terms is a terse step, not a bare term
const RELATION_WORDS = new Set(["to", "into", "via", "over", "through", "onto", "from"]);

/** "EndpointSlice, readiness probe, REJECT, ICMP port unreachable": the clause's one verb is a term of the run. */
function loneVerbTerm(tokens: readonly Token[], verbAt: number): boolean {
  if (tokens.filter((t) => t.pos === "VERB" || t.pos === "AUX").length > 1) return false;
  const next = tokens[verbAt + 1];
  // the verb opens or closes one of the terms ("…, CNAME/A/SRV records, …": a plural noun tagged as a verb)
  return verbAt === 0 || tokens[verbAt]?.gap === "comma" || next === undefined || next.gap === "comma";
}

const QUESTION_OPENERS = new Set(
  "what why how who whom whose which where when is are was were does do did can could should would will shall has have had may might am".split(
    " ",
  ),
);
const JOINING_START = new Set(["and", "then", "so", "which", "but", "while", "where", "when", "after", "before"]);
// Words that open a new negation scope: a denial before them does not reach past them ("there are no
// endpoints, so iptables REJECTs"; "CoreDNS does not return the pod IP but the ClusterIP").
const CLAUSE_WORDS = new Set([
  "but",
  "however",
  "instead",
  "whereas",
  "while",
  "although",
  "though",
  "rather",
  "then",
  "so",
  "because",
  "since",
  "therefore",
  "thus",
  "hence",
  "and",
  "which",
  "where",
  "when",
  "until",
  "that",
  "whether",
  "if",
]);

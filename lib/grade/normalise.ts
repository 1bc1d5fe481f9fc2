/**
 * Normalisation and tokenisation of a free-form answer, keeping every token's offsets into the ORIGINAL
 * string so evidence spans can be highlighted exactly where the learner typed them.
 *
 * - Unicode NFKC and lower-case, per code point, so a ligature or a full-width letter still maps back to its
 *   original index (a case-preserving copy feeds the part-of-speech tagger).
 * - Technical tokens are kept whole: `svc.cluster.local`, `kube-proxy`, `10.96.0.10:53`, `KUBE-SVC-…`,
 *   `/etc/resolv.conf`, `nf_conntrack`. Plain hyphenated words (`re-write`, `pod-to-pod`) are split.
 * - The scanner is one linear pass with no backtracking pattern; a token longer than MAX_TOKEN_CHARS (a run of
 *   letters no answer needs, such as 20,000 × `ⅷ` after NFKC) is kept as one opaque token that matches nothing.
 * - Each token records what separates it from the previous one (`gap`): a sentence end (`. ! ? ; |`, a blank
 *   line, a list bullet, a Markdown fence), an arrow (`->`, `→`, `=>`), a comma, a colon, a bracket, a dash.
 *   lib/grade/clauses.ts turns these into clauses.
 */

export type GapKind = "start" | "sentence" | "item" | "arrow" | "comma" | "colon" | "bracket" | "dash" | "space";

export interface RawToken {
  /** normalised surface text (NFKC, lower-case, possessive `'s` removed) */
  readonly text: string;
  /** the same token with its case kept, for the part-of-speech tagger */
  readonly cased: string;
  /** UTF-16 offsets into the original answer */
  readonly start: number;
  readonly end: number;
  readonly sentence: number;
  /** what stood between this token and the previous one */
  readonly gap: GapKind;
  /** longer than MAX_TOKEN_CHARS: kept for offsets only */
  readonly long: boolean;
}

export interface TokenisedText {
  readonly tokens: readonly RawToken[];
  /** per sentence index: true when the sentence ends with a question mark (asked, not asserted) */
  readonly questions: readonly boolean[];
}

/** what follows an absolute name in a dig answer line: TTL, class, type ("30 IN A ", "5 IN AAAA ") */
const DIG_RECORD = /^\d{1,10}[ \t]+in[ \t]+(?:a|aaaa|cname|srv|ptr)[ \t]/;

/** ". " or ".\t\t": a dot, then spaces or tabs only (dig aligns its columns with either) */
function dotThenBlanks(gap: string): boolean {
  if (gap.length < 2 || gap[0] !== ".") return false;
  for (let i = 1; i < gap.length; i++) if (gap[i] !== " " && gap[i] !== "\t") return false;
  return true;
}

/** No word, name or value an answer needs is longer (the longest DNS name is 253 characters). */
export const MAX_TOKEN_CHARS = 256;

// Characters NFKC leaves alone but learners type through autocorrect: curly quotes and dashes.
const PUNCTUATION_FOLD: Readonly<Record<string, string>> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201b": "'",
  "\u2032": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": " - ",
  "\u2212": "-",
  "\u2014": " - ",
  "\u2192": " -> ",
  "\u21d2": " -> ",
  "\u27f6": " -> ",
  "\u27a1": " -> ",
};

function hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return true;
  return false;
}

interface NormalisedString {
  /** lower-cased */
  readonly text: string;
  /** the same, case kept (same length and offsets as `text`) */
  readonly cased: string;
  /** original offset of each UTF-16 unit of `text`, plus one final entry for the end */
  readonly origin: readonly number[] | null;
}

// NFKC of one code point is a pure function of it and answers reuse few distinct ones: remember them (bounded)
const folds = new Map<string, { lower: string; kept: string }>();

function foldCodePoint(codePoint: string): { lower: string; kept: string } {
  const known = folds.get(codePoint);
  if (known !== undefined) return known;
  const folded = PUNCTUATION_FOLD[codePoint] ?? codePoint.normalize("NFKC");
  const lower = folded.toLowerCase();
  // a few letters change length when lower-cased (İ): keep both copies aligned on the lower-case one
  const fold = { lower, kept: lower.length === folded.length ? folded : lower };
  if (folds.size >= 4096) folds.clear();
  folds.set(codePoint, fold);
  return fold;
}

export function normaliseText(answer: string): NormalisedString {
  if (!hasNonAscii(answer)) return { text: answer.toLowerCase(), cased: answer, origin: null };
  const text: string[] = [];
  const cased: string[] = [];
  const origin: number[] = [];
  let index = 0;
  for (const codePoint of answer) {
    if (codePoint.length === 1 && codePoint.charCodeAt(0) < 0x80) {
      text.push(codePoint.toLowerCase());
      cased.push(codePoint);
      origin.push(index);
      index++;
      continue;
    }
    const { lower, kept } = foldCodePoint(codePoint);
    for (let k = 0; k < lower.length; k++) origin.push(index);
    text.push(lower);
    cased.push(kept);
    index += codePoint.length;
  }
  origin.push(index);
  return { text: text.join(""), cased: cased.join(""), origin };
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function isWordUnit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90)) return true;
  if (c < 0x80 || Number.isNaN(c)) return false;
  // one code unit at a time, constant work each; the low half of a surrogate pair goes with its high half
  const pairStart = c >= 0xdc00 && c <= 0xdfff && i > 0 ? i - 1 : i;
  const cp = text.codePointAt(pairStart) ?? 0;
  return LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
}

const JOINERS = new Set([".", "_", "-", ":", "/", "'"]);

function isDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function isHexDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/** Whether text[from, to) is groups of hex digits joined by single colons, as an IPv6 address starts. */
function isHexGroups(text: string, from: number, to: number): boolean {
  if (to - from > 39) return false;
  for (let k = from; k < to; k++) if (!isHexDigit(text, k) && !(text[k] === ":" && k > from)) return false;
  return true;
}
const HAS_DIGIT = /\d/;
// abbreviations whose full stop ends no sentence
const ABBREVIATIONS = new Set(["e.g", "i.e", "etc", "vs", "eg", "ie", "approx", "resp", "cf"]);

// the stronger of two gaps wins (built once: classifyGap runs for every token)
const GAP_RANK: Readonly<Record<GapKind, number>> = {
  start: 9,
  sentence: 8,
  item: 7,
  arrow: 6,
  colon: 4,
  bracket: 3,
  dash: 2,
  comma: 1,
  space: 0,
};

function stronger(a: GapKind, b: GapKind): GapKind {
  return GAP_RANK[b] > GAP_RANK[a] ? b : a;
}

/** Whether the dash at `i` opens an option flag: after a space or another option dash, and the gap ends there. */
function isOptionDash(gap: string, i: number): boolean {
  let k = i;
  // at most three looks: a long run of dashes is no option (and stays linear)
  while (k < gap.length && k - i <= 2 && gap[k] === "-") k++;
  if (k !== gap.length || k - i > 2) return false;
  const before = gap[i - 1];
  return before === " " || before === "\t";
}

/** What a run of non-word characters between two tokens means (linear, no regular expression). */
function classifyGap(gap: string, previous: string | undefined, atLineStart: boolean, ruleLine = false): GapKind {
  let kind: GapKind = "space";
  let newlines = 0;
  let lineStart = atLineStart;
  for (let i = 0; i < gap.length; i++) {
    const c = gap[i] ?? "";
    if (c === "\n") {
      newlines++;
      if (newlines >= 2) kind = stronger(kind, "sentence");
      lineStart = true;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") continue;
    // an arrow opening a wrapped line ("…svc.cluster.local\n→ A 10.96.40.20") continues the chain
    if ((c === "-" || c === "=") && gap[i + 1] === ">") {
      kind = stronger(kind, "arrow");
      i++;
    } else if (lineStart && (c === "-" || c === "*" || c === "+" || c === "•" || c === "·" || c === ">" || c === "#")) {
      kind = stronger(kind, "item");
    } else if (c === "`" && gap[i + 1] === "`" && gap[i + 2] === "`") {
      kind = stronger(kind, "sentence");
      i += 2;
    } else if (c === "." || c === "!" || c === "?" || c === ";" || c === "|") {
      if (!(c === "." && previous !== undefined && ABBREVIATIONS.has(previous))) kind = stronger(kind, "sentence");
    } else if (c === ":") kind = stronger(kind, "colon");
    else if (c === "(" || c === ")" || c === "[" || c === "]" || c === "{" || c === "}")
      kind = stronger(kind, "bracket");
    // an iptables rule's option ("-m statistic --mode random -j KUBE-SEP-…"): dashes after a space touching the word
    else if (ruleLine && c === "-" && i > 0 && isOptionDash(gap, i)) break;
    else if (c === "-") kind = stronger(kind, "dash");
    else if (c === ",") kind = stronger(kind, "comma");
    else if (c === '"') kind = stronger(kind, "comma");
    lineStart = false;
  }
  // a line that starts a numbered item ("2) ...", "3. ...") is handled by the caller
  return kind;
}

/** Hyphenated tokens kept whole: they name components or values, not ordinary compound words. */
function keepsHyphens(word: string, wholeWords: ReadonlySet<string>): boolean {
  return HAS_DIGIT.test(word) || word.startsWith("kube-") || word.startsWith("core-") || wholeWords.has(word);
}

export function tokenise(answer: string, wholeWords: ReadonlySet<string>): TokenisedText {
  const { text, cased, origin } = normaliseText(answer);
  const toOriginal = (i: number): number => (origin === null ? i : (origin[i] ?? answer.length));
  const tokens: RawToken[] = [];
  const questions: boolean[] = [];
  let sentence = 0;
  let previousEnd = 0;
  let previousWord: string | undefined;
  let pendingNumberItem = false;
  let ruleLine = false;

  const push = (surface: string, start: number, end: number, gap: GapKind, long: boolean): void => {
    tokens.push({
      text: surface,
      cased: cased.slice(start, start + surface.length),
      start: toOriginal(start),
      end: toOriginal(end),
      sentence,
      gap,
      long,
    });
  };

  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isWordUnit(text, i)) {
      i++;
      continue;
    }
    let start = i;
    while (i < n && isWordUnit(text, i)) i++;
    while (i + 1 < n && JOINERS.has(text[i] ?? "") && isWordUnit(text, i + 1)) {
      i++;
      while (i < n && isWordUnit(text, i)) i++;
    }
    // an IPv6 address keeps its "::" ("fd00:10:96::1") and, written in brackets, its port ("[fd00:10:96::1]:443")
    if (text[i] === ":" && text[i + 1] === ":" && isHexGroups(text, start, i)) {
      i += 2;
      while (i < n && (isHexDigit(text, i) || (text[i] === ":" && isHexDigit(text, i + 1)))) i++;
      if (start > previousEnd && text[start - 1] === "[" && text[i] === "]") {
        let end = i + 1;
        if (text[end] === ":" && isDigit(text, end + 1)) {
          end++;
          while (end < n && isDigit(text, end)) end++;
          start--;
          i = end;
        }
      }
    }
    const raw = text.slice(start, i);
    const gapText = text.slice(previousEnd, start);
    const atLineStart = previousEnd === 0 || text[previousEnd - 1] === "\n";
    // an answer that opens with a bullet ("- resolv.conf search list: …") opens with a list item
    let gap: GapKind =
      tokens.length === 0
        ? classifyGap(gapText, undefined, true) === "item"
          ? "item"
          : "start"
        : classifyGap(gapText, previousWord, atLineStart, ruleLine && !gapText.includes("\n"));
    // dig's answer line ("bar.app.svc.cluster.local. 30 IN A 10.244.1.5"): the absolute name's final dot ends
    // no sentence, the record goes on with its TTL, class and type
    if (
      gap === "sentence" &&
      dotThenBlanks(gapText) &&
      previousWord?.includes(".") === true &&
      DIG_RECORD.test(text.slice(start, start + 24))
    )
      gap = "space";
    // "1. step" / "2) step" at the start of a line: the number is a bullet
    if (pendingNumberItem) {
      gap = "item";
      pendingNumberItem = false;
    }
    const lineStartHere = gapText.includes("\n") || previousEnd === 0;
    // a line of iptables-save output ("-A KUBE-SVC-… -m statistic … -j KUBE-SEP-…") is one rule: its options
    // are words of that rule, not dashes between fragments
    if (lineStartHere) ruleLine = (raw === "a" || raw === "i") && gapText.endsWith("-") && text[i] === " ";
    if (lineStartHere && /^\d{1,2}$/.test(raw) && (text[i] === "." || text[i] === ")") && text[i + 1] === " ") {
      // the number itself is not a token: the next word starts the item
      pendingNumberItem = true;
      previousEnd = i + 1;
      previousWord = undefined;
      i++;
      continue;
    }
    if (gap === "sentence" || gap === "item") {
      questions[sentence] = gapText.includes("?");
      if (tokens.length > 0) sentence++;
    }
    previousEnd = i;
    const long = raw.length > MAX_TOKEN_CHARS;
    let word = long ? raw : raw;
    // possessive: "kube-proxy's rules" is about kube-proxy
    if (!long && word.endsWith("'s")) word = word.slice(0, -2);
    previousWord = word;
    if (!long && word.includes("-") && !keepsHyphens(word, wholeWords)) {
      let offset = start;
      let first = true;
      for (const part of word.split("-")) {
        if (part.length > 0) push(part, offset, offset + part.length, first ? gap : "space", false);
        if (part.length > 0) first = false;
        offset += part.length + 1;
      }
      continue;
    }
    if (!long && word.includes("/") && !HAS_DIGIT.test(word) && !word.endsWith("resolv.conf")) {
      let offset = start;
      let first = true;
      for (const part of word.split("/")) {
        if (part.length > 0) push(part, offset, offset + part.length, first ? gap : "space", false);
        if (part.length > 0) first = false;
        offset += part.length + 1;
      }
      continue;
    }
    // an iptables rule's target option ("-j DNAT", "-j KUBE-SEP-…") says the rule jumps there
    if (ruleLine && word === "j" && gapText.endsWith(" -")) {
      tokens.push({ text: "jump", cased: "jump", start: toOriginal(start), end: toOriginal(i), sentence, gap, long });
      continue;
    }
    push(word, start, start + raw.length, gap, long);
  }
  questions[sentence] = text.slice(previousEnd).includes("?");
  return { tokens, questions };
}

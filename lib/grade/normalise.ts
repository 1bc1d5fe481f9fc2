/**
 * Normalisation and tokenisation of a free-form answer, keeping every token's offsets into the ORIGINAL
 * string so evidence spans can be highlighted exactly where the learner typed them.
 *
 * - Unicode NFKC and lower-case, per code point, so a ligature or a full-width letter still maps back to its
 *   original index.
 * - Technical tokens are kept whole: `svc.cluster.local`, `kube-proxy`, `10.96.0.10:53`, `KUBE-SVC-…`,
 *   `/etc/resolv.conf`, `nf_conntrack`. Plain hyphenated words (`re-write`, `pod-to-pod`) are split.
 * - Sentences end at `. ! ? ;`, arrows (`->`, `→`), `|`, blank lines and list bullets; proximity patterns never
 *   cross a sentence. Negation scopes additionally end at commas, colons, brackets and contrast words.
 */

export interface RawToken {
  /** normalised surface text (NFKC, lower-case, possessive `'s` removed) */
  readonly text: string;
  /** UTF-16 offsets into the original answer */
  readonly start: number;
  readonly end: number;
  readonly sentence: number;
  /** negation scope index: a negation cue only reaches tokens with the same scope */
  readonly scope: number;
}

export interface TokenisedText {
  readonly tokens: readonly RawToken[];
  /** per sentence index: true when the sentence ends with a question mark (asked, not asserted) */
  readonly questions: readonly boolean[];
}

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
  "\u2013": "-",
  "\u2212": "-",
  "\u2014": " - ",
  "\u2192": " -> ",
  "\u21d2": " -> ",
  "\u27f6": " -> ",
};

function hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return true;
  return false;
}

interface NormalisedString {
  readonly text: string;
  /** original offset of each UTF-16 unit of `text`, plus one final entry for the end */
  readonly origin: readonly number[] | null;
}

export function normaliseText(answer: string): NormalisedString {
  if (!hasNonAscii(answer)) return { text: answer.toLowerCase(), origin: null };
  let text = "";
  const origin: number[] = [];
  let index = 0;
  for (const codePoint of answer) {
    const folded = PUNCTUATION_FOLD[codePoint] ?? codePoint.normalize("NFKC").toLowerCase();
    for (let k = 0; k < folded.length; k++) origin.push(index);
    text += folded;
    index += codePoint.length;
  }
  origin.push(index);
  return { text, origin };
}

// A word, optionally joined to more words by . - _ : / ' (no spaces): keeps FQDNs, IP:port, chain names whole.
const TOKEN = /[\p{L}\p{N}]+(?:[._\-:/'][\p{L}\p{N}]+)*/gu;
const HAS_DIGIT = /\d/;
const SENTENCE_END = /[.!?;|]|->|=>|\n\s*\n|\n\s*(?:[-*+•·>]|\d+[.)])\s/;
const SCOPE_END = /[,:()[\]{}"]|\s-\s/;
// Words that open a new clause: a denial before them does not reach past them ("there are no endpoints, so
// iptables REJECTs" rejects; "CoreDNS does not return the pod IP but the ClusterIP").
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
]);

/** Hyphenated tokens kept whole: they name components or values, not ordinary compound words. */
function keepsHyphens(word: string, wholeWords: ReadonlySet<string>): boolean {
  return HAS_DIGIT.test(word) || word.startsWith("kube-") || word.startsWith("core-") || wholeWords.has(word);
}

export function tokenise(answer: string, wholeWords: ReadonlySet<string>): TokenisedText {
  const { text, origin } = normaliseText(answer);
  const toOriginal = (i: number): number => (origin === null ? i : (origin[i] ?? answer.length));
  const tokens: RawToken[] = [];
  const questions: boolean[] = [];
  let sentence = 0;
  let scope = 0;
  let previousEnd = 0;

  const push = (surface: string, start: number, end: number): void => {
    tokens.push({ text: surface, start: toOriginal(start), end: toOriginal(end), sentence, scope });
  };

  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    let word = match[0];
    const gap = text.slice(previousEnd, start);
    if (SENTENCE_END.test(gap)) {
      questions[sentence] = gap.includes("?");
      sentence++;
      scope++;
    } else if (SCOPE_END.test(gap)) {
      scope++;
    }
    previousEnd = start + word.length;
    // possessive: "kube-proxy's rules" is about kube-proxy
    if (word.endsWith("'s")) word = word.slice(0, -2);
    if (CLAUSE_WORDS.has(word)) scope++;
    if (word.includes("-") && !keepsHyphens(word, wholeWords)) {
      let offset = start;
      for (const part of word.split("-")) {
        if (part.length > 0) push(part, offset, offset + part.length);
        offset += part.length + 1;
      }
      continue;
    }
    if (word.includes("/") && !HAS_DIGIT.test(word) && !word.endsWith("resolv.conf")) {
      let offset = start;
      for (const part of word.split("/")) {
        if (part.length > 0) push(part, offset, offset + part.length);
        offset += part.length + 1;
      }
      continue;
    }
    push(word, start, start + match[0].length);
  }
  questions[sentence] = SENTENCE_END.test(text.slice(previousEnd)) && text.slice(previousEnd).includes("?");
  return { tokens, questions };
}

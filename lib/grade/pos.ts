import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";

/**
 * Part-of-speech tags for an answer's words (Universal Dependencies tag set), from wink-nlp's English lite
 * model (it ships inside its npm package: no download, no file access; see lib/grade/README.md "NLP library"
 * for why this one). The grader uses the tags for three things only: whether a clause has a verb (a bare list of
 * terms states nothing), where a clause's subject ends (the actor), and which conjunctions join two clauses.
 *
 * The tagger sees our tokens, not the raw answer: technical tokens (names, IPs, chains) are replaced by a
 * placeholder proper noun so a dotted name is never split into sentences, and the tags are mapped back per
 * token. Domain verbs the general model reads as nouns ("CoreDNS picks", "iptables DNATs it", "kube-proxy
 * programs rules") are corrected from our own verb list.
 */
export type Pos =
  | "ADJ"
  | "ADP"
  | "ADV"
  | "AUX"
  | "CCONJ"
  | "DET"
  | "INTJ"
  | "NOUN"
  | "NUM"
  | "PART"
  | "PRON"
  | "PROPN"
  | "PUNCT"
  | "SCONJ"
  | "SYM"
  | "VERB"
  | "X"
  | "SPACE";

/** A tagger: one tag per word; `breaks[i]` is the punctuation that stood before word i ("" for none). */
export interface PosTagger {
  readonly name: string;
  tag(words: readonly string[], breaks: readonly string[]): Pos[];
}

type Wink = ReturnType<typeof winkNLP>;
let wink: Wink | null = null;

function winkInstance(): Wink {
  // the model takes ~100 ms to load: once per process, on first use
  wink ??= winkNLP(model, ["pos"]);
  return wink;
}

/** Joins words (with the punctuation that separated them) into one text and remembers where each word starts. */
export function layout(words: readonly string[], breaks: readonly string[]): { text: string; starts: number[] } {
  let text = "";
  const starts: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const brk = breaks[i] ?? "";
    if (i > 0) text += brk === "" ? " " : `${brk} `;
    starts.push(text.length);
    text += words[i] ?? "";
  }
  return { text, starts };
}

/** Maps sub-word tags (one per tagger token, at `offsets`) back to words; a verb or auxiliary part wins. */
export function tagsPerWord(
  starts: readonly number[],
  words: readonly string[],
  offsets: readonly number[],
  tags: readonly Pos[],
): Pos[] {
  const out: Pos[] = words.map(() => "X");
  let w = 0;
  for (let t = 0; t < offsets.length; t++) {
    const at = offsets[t] ?? 0;
    while (w + 1 < starts.length && (starts[w + 1] ?? Infinity) <= at) w++;
    const start = starts[w] ?? 0;
    const end = start + (words[w]?.length ?? 0);
    if (at < start || at >= end) continue;
    const tag = tags[t] ?? "X";
    if (tag === "PUNCT" || tag === "SPACE") continue;
    const current = out[w] ?? "X";
    if (current === "X" || ((tag === "VERB" || tag === "AUX") && current !== "VERB")) out[w] = tag;
  }
  return out;
}

/**
 * The model's cost grows faster than linearly with a sentence's length (5,000 words with no full stop take half a
 * second), and a word's tag depends on a few neighbours only: longer runs are tagged in pieces of at most
 * CHUNK_WORDS words, cut at a sentence break when there is one.
 */
const CHUNK_WORDS = 48;

function tagChunk(words: readonly string[], breaks: readonly string[]): Pos[] {
  const { text, starts } = layout(words, breaks);
  const nlp = winkInstance();
  const doc = nlp.readDoc(text);
  const values = doc.tokens().out(nlp.its.value);
  const spaces = doc.tokens().out(nlp.its.precedingSpaces);
  const tags = doc.tokens().out(nlp.its.pos) as Pos[];
  const offsets: number[] = [];
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    at += (spaces[i] ?? "").length;
    offsets.push(at);
    at += (values[i] ?? "").length;
  }
  return tagsPerWord(starts, words, offsets, tags);
}

export const winkTagger: PosTagger = {
  name: "wink-nlp",
  tag(words, breaks) {
    const out: Pos[] = [];
    let from = 0;
    while (from < words.length) {
      let to = Math.min(words.length, from + CHUNK_WORDS);
      if (to < words.length) {
        // end the piece at the last sentence break inside it, if any
        for (let k = to - 1; k > from + CHUNK_WORDS / 2; k--) {
          if ((breaks[k] ?? "") === ".") {
            to = k;
            break;
          }
        }
      }
      out.push(...tagChunk(words.slice(from, to), ["", ...breaks.slice(from + 1, to)]));
      from = to;
    }
    return out;
  },
};

import { stem } from "./stem";
import { SYNONYMS, SynonymTable } from "./synonyms";
import { Vocabulary } from "./typo";

/**
 * The words a grader knows for one rubric: synonym table, the vocabulary typo correction snaps to, and
 * the hyphenated words the tokeniser must keep whole. Built once per compiled rubric (see concepts.ts).
 */
export interface Lexicon {
  readonly synonyms: SynonymTable;
  readonly vocabulary: Vocabulary;
  readonly wholeWords: ReadonlySet<string>;
  /** single-word synonym lookup for pattern terms: stem → canonical key */
  canonicalWord(word: string): string;
}

// The built-in synonym table never changes: build it, and the vocabulary it implies, once.
let shared: { synonyms: SynonymTable; vocabulary: Vocabulary; wholeWords: ReadonlySet<string> } | null = null;

function sharedWords() {
  if (shared === null) {
    const synonyms = new SynonymTable(SYNONYMS);
    const vocabulary = new Vocabulary();
    const wholeWords = new Set<string>();
    for (const word of synonyms.surfaceWords) {
      vocabulary.add(word);
      vocabulary.add(stem(word));
      if (word.includes("-")) wholeWords.add(word);
    }
    shared = { synonyms, vocabulary, wholeWords };
  }
  return shared;
}

export function createLexicon(extraWords: Iterable<string>): Lexicon {
  const { synonyms, wholeWords, vocabulary: base } = sharedWords();
  const vocabulary = base.copy();
  for (const word of extraWords) {
    vocabulary.add(word);
    vocabulary.add(stem(word));
  }
  const canonicalWord = (word: string): string => {
    const stemmed = stem(word);
    const hit = synonyms.longestAt([stemmed], 0, () => true);
    return hit?.key ?? stemmed;
  };
  return { synonyms, vocabulary, wholeWords, canonicalWord };
}

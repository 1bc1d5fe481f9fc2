/**
 * Which part-of-speech tagger the grader uses (`npm run bench:grade-nlp`): the labelled corpus graded with
 * wink-nlp (the grader's own) and with compromise, each plugged in through the same `PosTagger` seam, and the
 * time each takes to tag a 300-word answer. Prints agreement with the labels and the timings; the choice and
 * why are in lib/grade/README.md ("NLP library").
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import nlp from "compromise";
import { parse } from "yaml";
import { gradeAnswer, winkTagger, type Grade, type Pos, type PosTagger } from "../../lib/grade";
import { layout, tagsPerWord } from "../../lib/grade/pos";
import { tracePaths } from "../../lib/sim";
import { corpusTrace, type CorpusScenario } from "../unit/grade/corpus-scenarios";

/** compromise's tags → Universal Dependencies tags (the grader reads verbs, nouns, pronouns, conjunctions). */
function fromCompromise(tags: readonly string[]): Pos {
  const has = (t: string) => tags.includes(t);
  if (has("Auxiliary") || has("Copula")) return "AUX";
  if (has("Verb")) return "VERB";
  if (has("Pronoun")) return "PRON";
  if (has("ProperNoun")) return "PROPN";
  if (has("Noun")) return "NOUN";
  if (has("Adjective")) return "ADJ";
  if (has("Adverb")) return "ADV";
  if (has("Determiner")) return "DET";
  if (has("Preposition")) return "ADP";
  if (has("Conjunction")) return "CCONJ";
  if (has("Value")) return "NUM";
  if (has("Negative")) return "PART";
  return "X";
}

const compromiseTagger: PosTagger = {
  name: "compromise",
  tag(words, breaks) {
    if (words.length === 0) return [];
    const { text, starts } = layout(words, breaks);
    const json = nlp(text).json({ offset: true }) as {
      terms: { tags: string[]; offset: { start: number } }[];
    }[];
    const offsets: number[] = [];
    const tags: Pos[] = [];
    for (const sentence of json) {
      for (const term of sentence.terms) {
        offsets.push(term.offset.start);
        tags.push(fromCompromise(term.tags));
      }
    }
    return tagsPerWord(starts, words, offsets, tags);
  },
};

interface CorpusCase {
  id: string;
  scenario: CorpusScenario;
  answer: string;
  expected: {
    verdict: string;
    misconceptions: string[];
    outOfOrder?: string[];
    corrections?: { concept: string; kind: string }[];
    mustFind?: string[];
    mustMiss?: string[];
  };
}

const dir = path.resolve(import.meta.dirname, "../fixtures/answers");
const cases: CorpusCase[] = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .flatMap((f) => parse(readFileSync(path.join(dir, f), "utf8")) as CorpusCase[]);
const sorted = (xs: readonly string[]) => [...xs].sort().join(",");

function agrees(c: CorpusCase, g: Grade): boolean {
  if (g.verdict !== c.expected.verdict) return false;
  if (sorted(g.misconceptions.map((m) => m.id)) !== sorted(c.expected.misconceptions)) return false;
  if (c.expected.outOfOrder !== undefined && sorted(g.order.outOfOrder) !== sorted(c.expected.outOfOrder)) return false;
  for (const want of c.expected.corrections ?? []) {
    if (!g.corrections.some((k) => k.concept === want.concept && k.kind === want.kind)) return false;
  }
  const found = new Set(g.concepts.filter((x) => x.found).map((x) => x.id as string));
  if ((c.expected.mustFind ?? []).some((id) => !found.has(id))) return false;
  return !(c.expected.mustMiss ?? []).some((id) => found.has(id));
}

const words300 = (
  cases.find((c) => c.answer.split(/\s+/).length >= 300)?.answer ?? cases.map((c) => c.answer).join(" ")
)
  .split(/\s+/)
  .slice(0, 300);

for (const tagger of [winkTagger, compromiseTagger]) {
  let agreed = 0;
  const start = performance.now();
  for (const c of cases) {
    const result = gradeAnswer(c.answer, tracePaths(corpusTrace(c.scenario).scenario, { seed: 1 }), undefined, {
      tagger,
    });
    if (result.ok && agrees(c, result.grade)) agreed++;
  }
  const corpusMs = performance.now() - start;
  const breaks = words300.map(() => "");
  for (let i = 0; i < 20; i++) tagger.tag(words300, breaks);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    tagger.tag(words300, breaks);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${tagger.name.padEnd(11)} agreement ${agreed}/${cases.length} (${((100 * agreed) / cases.length).toFixed(1)}%)` +
      `  corpus ${corpusMs.toFixed(0)} ms  tagging 300 words: median ${(times[100] ?? 0).toFixed(2)} ms, p99 ${(times[198] ?? 0).toFixed(2)} ms`,
  );
}

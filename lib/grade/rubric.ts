import type { RubricTuning } from "../schemas/rubric";
import type { Trace } from "../sim/types";
import { conceptsFor, type ConceptDefinition } from "./concepts";
import { createLexicon, type Lexicon } from "./lexicon";
import { misconceptionsFor, MISCONCEPTION_PENALTY, type MisconceptionDefinition } from "./misconceptions";
import { authorPattern, compilePatterns, patternWords, type CompiledPattern } from "./pattern";
import { scenarioFacts, type ScenarioFacts } from "./scenario-facts";

/**
 * A trace's rubric compiled once: concepts and misconceptions with their matchers, and the lexicon (typo
 * vocabulary) they define. Cached per trace object (and per tuning object), since traces are immutable.
 */
export interface CompiledConcept {
  readonly definition: ConceptDefinition;
  readonly matchers: readonly CompiledPattern[];
}

export interface CompiledMisconception {
  readonly definition: MisconceptionDefinition;
  readonly matchers: readonly CompiledPattern[];
}

export interface CompiledRubric {
  readonly trace: Trace;
  readonly facts: ScenarioFacts;
  readonly concepts: readonly CompiledConcept[];
  readonly misconceptions: readonly CompiledMisconception[];
  readonly lexicon: Lexicon;
}

// Everyday words of 5+ letters that sit one edit away from a rubric word; known words are never "corrected".
const EVERYDAY_WORDS = [
  "there",
  "their",
  "where",
  "which",
  "about",
  "would",
  "could",
  "should",
  "these",
  "those",
  "other",
  "after",
  "before",
  "first",
  "second",
  "because",
  "through",
  "while",
  "since",
  "until",
  "again",
  "every",
  "still",
  "being",
  "doing",
  "going",
  "using",
  "makes",
  "works",
  "thing",
  "things",
  "place",
  "point",
  "whole",
  "right",
  "write",
  "wrote",
  "comes",
  "notes",
  "nodes",
  "codes",
  "modes",
  "rules",
  "roles",
  "route",
  "router",
  "routes",
  "sends",
  "sense",
  "reads",
  "ready",
  "really",
  "reply",
  "replay",
  "recall",
  "record",
  "server",
  "served",
  "serves",
  "serve",
  "service",
  "services",
  "device",
  "devices",
  "advice",
  "answer",
  "answers",
  "another",
  "anyway",
  "always",
  "almost",
  "already",
  "packet",
  "pocket",
  "packed",
  "picked",
  "locked",
  "looked",
  "loaded",
  "tables",
  "stable",
  "enable",
  "unable",
  "change",
  "chance",
  "charge",
  "channel",
  "cluster",
  "clusters",
  "custom",
  "domain",
  "domains",
  "remain",
  "contain",
  "certain",
  "proxy",
  "proxies",
  "probe",
  "probes",
  "prove",
  "stored",
  "source",
  "sourced",
  "resource",
  "resources",
  "course",
  "select",
  "selected",
  "reject",
  "rejected",
  "respect",
  "expect",
  "expected",
  "connect",
  "correct",
  "collect",
  "contact",
  "content",
  "context",
  "control",
  "counter",
  "country",
  "internal",
  "external",
  "interval",
  "natural",
  "neutral",
  "network",
  "networks",
  "network",
  "request",
  "requests",
  "require",
  "required",
  "request",
  "resolve",
  "resolved",
  "resolver",
  "revolve",
  "evolve",
  "involve",
  "involved",
  "forward",
  "forwards",
  "toward",
  "towards",
  "tracing",
  "traced",
  "responder",
  "responders",
  "revert",
  "reverts",
  "reverted",
  "reserve",
  "three",
];

const rubricCache = new WeakMap<Trace, { plain?: CompiledRubric; tuned: WeakMap<RubricTuning, CompiledRubric> }>();
// Callers that rebuild the same trace per request (the web app) still share one compiled rubric: the rubric
// depends only on the scenario facts, so they key a small bounded cache.
const byFacts = new Map<string, CompiledRubric>();
const BY_FACTS_LIMIT = 64;

function plainRubric(trace: Trace): CompiledRubric {
  const facts = scenarioFacts(trace);
  const key = JSON.stringify({ ...facts, hops: [...facts.hops] });
  const known = byFacts.get(key);
  if (known !== undefined) return known;
  const compiled = compileRubric(trace, undefined);
  if (byFacts.size >= BY_FACTS_LIMIT) {
    const oldest = byFacts.keys().next().value;
    if (oldest !== undefined) byFacts.delete(oldest);
  }
  byFacts.set(key, compiled);
  return compiled;
}

export function compiledRubricFor(trace: Trace, tuning?: RubricTuning): CompiledRubric {
  let entry = rubricCache.get(trace);
  if (entry === undefined) {
    entry = { tuned: new WeakMap() };
    rubricCache.set(trace, entry);
  }
  if (tuning === undefined) {
    entry.plain ??= plainRubric(trace);
    return entry.plain;
  }
  let compiled = entry.tuned.get(tuning);
  if (compiled === undefined) {
    compiled = compileRubric(trace, tuning);
    entry.tuned.set(tuning, compiled);
  }
  return compiled;
}

function compileRubric(trace: Trace, tuning: RubricTuning | undefined): CompiledRubric {
  const lexicon = createLexicon(EVERYDAY_WORDS);
  const concepts: CompiledConcept[] = conceptsFor(trace, tuning).map((definition) => ({
    definition,
    matchers: compilePatterns(definition.patterns, lexicon),
  }));
  const authored: MisconceptionDefinition[] = (tuning?.misconceptions ?? []).map((m) => ({
    id: m.id,
    label: m.label ?? m.id,
    explanation: m.explanation,
    patterns: [],
    penalty: MISCONCEPTION_PENALTY,
  }));
  const misconceptions: CompiledMisconception[] = [
    ...misconceptionsFor(scenarioFacts(trace)).map((definition) => ({
      definition,
      matchers: compilePatterns(definition.patterns, lexicon),
    })),
    ...authored.map((definition, i) => ({
      definition,
      matchers: (tuning?.misconceptions[i]?.patterns ?? []).map((p) => authorPattern(p, lexicon)),
    })),
  ];
  for (const item of [...concepts, ...misconceptions]) {
    for (const matcher of item.matchers) {
      for (const word of patternWords(matcher)) lexicon.vocabulary.add(word);
    }
  }
  return { trace, facts: scenarioFacts(trace), concepts, misconceptions, lexicon };
}

import type { AnalysedAnswer } from "./analyse";
import type { ActorId } from "./actors";
import { AGENT_WINDOW, isVerb, laterAgent, participleForm, passive } from "./claim-actor";

/**
 * The active reading of passive clauses: "the requests are spread evenly over bar-1 and bar-2 by CoreDNS" is
 * read again as "coredns spread the requests evenly over bar-1 and bar-2", so every pattern written for the
 * active claim (actor, action, object) also finds the passive one, without a passive pattern per concept or
 * misconception. Only a passive whose agent is a component of the path is turned round ("by default", "by
 * chance" are no agents).
 */
export interface ActiveSentence {
  /** the clause of the answer the sentence rewords */
  readonly clause: number;
  readonly text: string;
}

/** At most this many clauses are reworded per answer (each costs one more small analysis). */
export const MAX_ACTIVE_CLAUSES = 64;

const BE = new Set(["is", "are", "was", "were"]);
const NO_NAMES: ReadonlyMap<string, ActorId> = new Map();
const COORDINATORS = new Set(["and", "then"]);
/**
 * The agent after a passive verb: a component ("by CoreDNS"), else a name ("by bar-2"), within the window
 * before the clause's next verb; its token index.
 */
function agentOf(text: AnalysedAnswer, from: number, last: number): number | null {
  const component = laterAgent(text, from, last, NO_NAMES);
  if (component !== null) return component.at;
  for (let k = from; k <= Math.min(last, from + AGENT_WINDOW); k++) {
    if (isVerb(text.tokens[k])) return null;
    if (text.tokens[k]?.surface !== "by") continue;
    const next = text.tokens[k + 1]?.pos === "DET" ? k + 2 : k + 1;
    return next <= last && text.tokens[next]?.pos === "PROPN" ? next : null;
  }
  return null;
}

export function activeSentences(text: AnalysedAnswer): ActiveSentence[] {
  const out: ActiveSentence[] = [];
  const words = (from: number, to: number): string[] => {
    const w: string[] = [];
    for (let i = from; i <= to; i++) {
      const t = text.tokens[i];
      if (t !== undefined && !t.long) w.push(t.surface);
    }
    return w;
  };
  for (const clause of text.clauses) {
    if (out.length >= MAX_ACTIVE_CLAUSES) break;
    // the passive's subject, shared by a coordinated participle ("is carried to node-2 by X and received by Y")
    let subject: string[] | null = null;
    let previous = -1;
    for (let v = clause.first + 1; v <= clause.last && out.length < MAX_ACTIVE_CLAUSES; v++) {
      if (!isVerb(text.tokens[v])) continue;
      const coordinated =
        subject !== null &&
        COORDINATORS.has(text.tokens[v - 1]?.surface ?? "") &&
        participleForm(text.tokens[v]?.surface ?? "");
      if (!coordinated && !passive(text, v, clause.first)) continue;
      const agent = agentOf(text, v + 1, clause.last);
      if (agent === null) continue;
      let by = agent - 1;
      while (by > v && text.tokens[by]?.surface !== "by") by--;
      // the auxiliary ("is", "gets") and any adverb between it and the participle
      let aux = v - 1;
      if (!coordinated)
        while (aux > clause.first && (text.tokens[aux]?.pos === "ADV" || text.tokens[aux]?.negation === true)) aux--;
      if (subject === null) subject = words(Math.max(clause.first, previous + 1), aux - 1);
      let rest = agent + 1;
      // "what is handed back by CoreDNS is the pod's address": the pseudo-cleft's object is after its "is"
      const cleft = subject.length === 1 && subject[0] === "what" && BE.has(text.tokens[rest]?.surface ?? "");
      if (cleft) rest++;
      // up to the next coordinated verb ("… and received by bar-2")
      let stop = clause.last;
      for (let i = rest; i < clause.last; i++)
        if (COORDINATORS.has(text.tokens[i]?.surface ?? "") && isVerb(text.tokens[i + 1])) {
          stop = i - 1;
          break;
        }
      const sentence = [
        ...words(by + 1, agent),
        // "are not spread", "is then rewritten": the adverbs stay before the verb, a denial with them
        ...(coordinated ? [] : words(aux + 1, v - 1)),
        text.tokens[v]?.surface ?? "",
        ...(cleft ? [] : subject),
        ...words(v + 1, by - 1),
        ...words(rest, stop),
      ];
      out.push({ clause: clause.index, text: sentence.join(" ") });
      previous = stop;
      v = stop;
    }
  }
  return out;
}

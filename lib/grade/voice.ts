import type { AnalysedAnswer } from "./analyse";
import type { ActorId } from "./actors";
import { isVerb, laterAgent, passive } from "./claim-actor";

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
    for (let v = clause.first + 1; v <= clause.last; v++) {
      if (!isVerb(text.tokens[v]) || !passive(text, v, clause.first)) continue;
      const agent = laterAgent(text, v + 1, clause.last, NO_NAMES);
      if (agent === null) break;
      let by = agent.at - 1;
      while (by > v && text.tokens[by]?.surface !== "by") by--;
      // the auxiliary ("is", "gets") and any adverb between it and the participle
      let aux = v - 1;
      while (aux > clause.first && (text.tokens[aux]?.pos === "ADV" || text.tokens[aux]?.negation === true)) aux--;
      const subject = words(clause.first, aux - 1);
      let rest = agent.at + 1;
      // "what is handed back by CoreDNS is the pod's address": the pseudo-cleft's object is after its "is"
      const cleft = subject.length === 1 && subject[0] === "what" && BE.has(text.tokens[rest]?.surface ?? "");
      if (cleft) rest++;
      const sentence = [
        ...words(by + 1, agent.at),
        // "are not spread", "is then rewritten": the adverbs stay before the verb, a denial with them
        ...words(aux + 1, v - 1),
        text.tokens[v]?.surface ?? "",
        ...(cleft ? [] : subject),
        ...words(v + 1, by - 1),
        ...words(rest, clause.last),
      ];
      out.push({ clause: clause.index, text: sentence.join(" ") });
      break;
    }
  }
  return out;
}

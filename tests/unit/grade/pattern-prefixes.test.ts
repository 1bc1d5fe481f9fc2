import { describe, expect, it } from "vitest";
import { analyseAnswer } from "../../../lib/grade";
import { compiledRubricFor } from "../../../lib/grade/rubric";
import { corpusTrace } from "./corpus-scenarios";

describe("the typo vocabulary holds every pattern word", () => {
  it('keeps a word only an `unless` knows as itself: "reverses" is not corrected to `revert`', () => {
    // egress-keeps-pod-ip's `unless: "dnat reply revers*"` is the external-name rubric's only `revers*`
    const rubric = compiledRubricFor(corpusTrace("external-name"));
    expect(analyseAnswer("conntrack reverses it", rubric.lexicon).tokens.map((t) => t.key)).toEqual([
      "conntrack",
      "revers",
      "it",
    ]);
  });
});

/**
 * The flashcard reviewer's scenario cards: the face of a `dns-queries` card describes a cluster whose CoreDNS
 * runs autopath and answers with the query count, as lib/content's scenario module computes them.
 */
import { describe, expect, it } from "vitest";
import { scenarioAnswer, scenarioVariant, toItemRow } from "../../../lib/content";
import { cardFace } from "../../../lib/server/study";
import { generatorOptionsSchema, scenarioItemSchema } from "../../../lib/schemas/question-set";
import { diagramTraceOf } from "../../../lib/sim";

const item = scenarioItemSchema.parse({
  id: "autopath-count",
  kind: "scenario",
  front: "With autopath, how many queries does the resolver send?",
  template: "dns-queries",
  generator: { difficulty: "medium", autopath: true },
});

describe("a dns-queries scenario card", () => {
  it("shows the autopath cluster on the front and the computed query count on the back", () => {
    const face = cardFace({ ...toItemRow(item), updatedAt: new Date(0) }, "learner", 0, 42);
    expect(face.scenario?.template).toBe("dns-queries");
    expect(face.scenario?.descriptionHtml).toContain("CoreDNS: runs <code>autopath @kubernetes</code>");
    const variant = scenarioVariant(42, generatorOptionsSchema.parse(item.generator));
    // a card carries what its path diagram draws of the trace, not the whole trace
    expect(face.scenario?.trace).toEqual(diagramTraceOf(variant!.trace));
    const count = /^\*\*(\d+ quer(y|ies) \(\d+ packets?\))\*\*/.exec(scenarioAnswer(variant!.trace, "dns-queries"));
    expect(count).not.toBeNull();
    expect(face.scenario?.answerHtml).toContain(`<strong>${count![1]}</strong>`);
    expect(face.scenario?.answerHtml).toContain("autopath");
  });
});

import type { CardFace } from "@/lib/server/study";
import { PathDiagram } from "@/app/_components/path-diagram";
import styles from "../study.module.css";

// Every HTML string here is renderMarkdown output, sanitised on the server (lib/content/markdown.ts).

/** The question side: for scenario cards, the generated scenario in prose above the item's question. */
export function CardFront({ face }: { face: CardFace }) {
  return (
    <>
      {face.scenario ? (
        <div className={styles.scenario} data-testid="scenario-description">
          <p className="badge">Scenario · variant {face.scenario.seed}</p>
          <div className="markdown" dangerouslySetInnerHTML={{ __html: face.scenario.descriptionHtml }} />
        </div>
      ) : null}
      <div className="markdown" dangerouslySetInnerHTML={{ __html: face.frontHtml }} />
    </>
  );
}

/** The answer side: for scenario cards, the answer computed by the simulation and the path diagram. */
export function CardBack({ face }: { face: CardFace }) {
  if (!face.scenario) return <div className="markdown" dangerouslySetInnerHTML={{ __html: face.backHtml }} />;
  return (
    <div className="stack">
      <div
        className="markdown"
        data-testid="scenario-answer"
        dangerouslySetInnerHTML={{ __html: face.scenario.answerHtml }}
      />
      <PathDiagram trace={face.scenario.trace} caption="The correct path" />
      {face.backHtml ? <div className="markdown" dangerouslySetInnerHTML={{ __html: face.backHtml }} /> : null}
    </div>
  );
}

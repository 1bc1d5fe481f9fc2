import type { CardView } from "@/lib/server/study";
import { PathDiagram } from "@/app/_components/path-diagram";
import { cramOutcome } from "@/lib/srs/index";
import type { RatingButton } from "./study-screen";
import styles from "../study.module.css";

/** The question side: for scenario cards, the generated scenario in prose above the item's question. */
export function CardFront({ card }: { card: CardView }) {
  return (
    <>
      {card.scenario ? (
        <div className={styles.scenario} data-testid="scenario-description">
          <p className="badge">Scenario · variant {card.scenario.seed}</p>
          <div className="markdown" dangerouslySetInnerHTML={{ __html: card.scenario.descriptionHtml }} />
        </div>
      ) : null}
      {/* renderMarkdown output: sanitised on the server (lib/content/markdown.ts) */}
      <div className="markdown" dangerouslySetInnerHTML={{ __html: card.frontHtml }} />
    </>
  );
}

/** The answer side: for scenario cards, the answer computed by the simulation and the path diagram. */
export function CardBack({ card }: { card: CardView }) {
  if (!card.scenario) return <div className="markdown" dangerouslySetInnerHTML={{ __html: card.backHtml }} />;
  return (
    <div className="stack">
      <div
        className="markdown"
        data-testid="scenario-answer"
        dangerouslySetInnerHTML={{ __html: card.scenario.answerHtml }}
      />
      <PathDiagram trace={card.scenario.trace} caption="The correct path" />
      {card.backHtml ? <div className="markdown" dangerouslySetInnerHTML={{ __html: card.backHtml }} /> : null}
    </div>
  );
}

/**
 * The four rating buttons. Studying, each shows the card's next interval; cramming, what the rating does in
 * the cram (see the card again, or done for today), since a cram rating never moves the schedule.
 */
export function ratingButtons(card: CardView): RatingButton[] {
  return card.intervals.map((i) => {
    const cram = card.queue === "cram" ? cramOutcome(i.rating) : null;
    return {
      rating: i.rating,
      name: i.name,
      label: cram?.label ?? i.label,
      description: cram?.description ?? `next review in ${i.description}`,
    };
  });
}

/** The study screen's props for a card (or for none: the screen shows its "done" children). */
export function studyScreenCard(card: CardView | null) {
  if (card === null) return { card: null };
  return {
    card: { id: card.id, reps: card.reps, ratings: ratingButtons(card) },
    front: <CardFront card={card} />,
    back: <CardBack card={card} />,
  };
}

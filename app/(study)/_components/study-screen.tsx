"use client";

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import Link from "next/link";
import { cramOutcome } from "@/lib/srs/cram";
import { describeInterval, formatInterval } from "@/lib/srs/intervals";
import { RATING_LABEL, RATINGS, type Rating } from "@/lib/srs/types";
import { plural } from "@/lib/content/plural";
import { CardBack, CardFront } from "./card-faces";
import { DoneForToday } from "./done-for-today";
import { QueueCounts } from "./queue-counts";
import { SyncStatus } from "./sync-status";
import { countsOfState, cramRemaining } from "./study-state";
import type { StudySnapshot } from "./study-api";
import { useStudyQueue } from "./use-study-queue";
import styles from "../study.module.css";

const RATING_CLASS: Record<number, string | undefined> = { 1: styles.again, 2: styles.hard, 4: styles.easy };

function isInteractive(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.closest("button, a, input, textarea, select, summary, [contenteditable='true'], dialog") !== null;
}

/**
 * The review screen: question, Space/Enter to reveal, 1–4 (or Space/Enter = Good) to rate, u / Ctrl+Z to
 * undo, ? for the shortcuts. The next card comes from the queue this page holds (use-study-queue.ts): a
 * rating shows it at once and goes to the server through the outbox, so the network never holds up the
 * loop. Interval labels are lib/srs's preview of the card at the moment its answer is shown.
 */
export function StudyScreen({ snapshot, userId }: { snapshot: StudySnapshot; userId: string }) {
  const model = useStudyQueue(snapshot, userId);
  const { card, state } = model;
  const cram = state.cram !== null;
  /** one showing of one card: a card rated Again and shown again is a new showing */
  const showing = card === null ? null : `${card.itemId}:${state.shown}`;
  const [revealed, setRevealed] = useState<{ showing: string; at: Date } | null>(null);
  const isRevealed = revealed !== null && revealed.showing === showing;
  const [status, setStatus] = useState("");
  const shownAt = useRef(0);
  const revealButton = useRef<HTMLButtonElement>(null);
  const goodButton = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    shownAt.current = performance.now();
    revealButton.current?.focus();
  }, [showing]);

  useEffect(() => {
    if (isRevealed) goodButton.current?.focus();
  }, [isRevealed]);

  const buttons = useMemo(() => {
    if (card === null || !isRevealed || revealed === null) return [];
    if (cram || model.scheduler === null) {
      // a cram rating never moves the schedule: the buttons say what it does in the cram instead
      return RATINGS.map((rating) => ({ rating, name: RATING_LABEL[rating], ...cramOutcome(rating) }));
    }
    const preview = model.scheduler.preview(card.srs, revealed.at);
    return RATINGS.map((rating) => ({
      rating,
      name: RATING_LABEL[rating],
      label: formatInterval(preview[rating].intervalMs),
      description: `next review in ${describeInterval(preview[rating].intervalMs)}`,
    }));
  }, [card, isRevealed, revealed, cram, model.scheduler]);

  const reveal = useCallback(() => {
    if (showing === null) return;
    setRevealed({ showing, at: model.now() });
    setStatus("Answer shown. Rate it: 1 Again, 2 Hard, 3 Good, 4 Easy.");
  }, [showing, model]);

  const rate = useCallback(
    (rating: Rating) => {
      if (!isRevealed) return;
      model.rate(rating, performance.now() - shownAt.current);
      setStatus(`Rated ${RATING_LABEL[rating]}.`);
    },
    [isRevealed, model],
  );

  const undo = useCallback(() => {
    const done = model.undo();
    setStatus(
      done === "local"
        ? "Undone: that card is back."
        : done === "server"
          ? "Undoing the last rating…"
          : "Nothing to undo.",
    );
  }, [model]);

  const toggleHelp = useCallback(() => {
    const d = dialog.current;
    if (!d) return;
    if (d.open) d.close();
    else d.showModal();
  }, []);

  // One listener for the page's life, calling the latest handler: a key pressed right after another acts on
  // the card the first one brought, never on the card before it.
  const onKeyRef = useRef<(event: KeyboardEvent) => void>(() => undefined);
  useLayoutEffect(() => {
    onKeyRef.current = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey) return;
      if (dialog.current?.open) return; // the dialog handles its own keys (Escape closes it)
      const target = event.target;
      const typing =
        target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable='true']") !== null;
      if (typing) return;
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z") {
        event.preventDefault();
        undo();
        return;
      }
      if (event.ctrlKey || event.metaKey) return;
      if (event.key === "?") {
        event.preventDefault();
        toggleHelp();
        return;
      }
      if (event.key === "u" || event.key === "U") {
        event.preventDefault();
        undo();
        return;
      }
      if (event.key === " " || event.key === "Enter") {
        // A focused button, link or summary acts on its own (and Enter on "Good" is Good).
        if (isInteractive(target)) return;
        event.preventDefault();
        if (!isRevealed) reveal();
        else rate(3);
        return;
      }
      if (/^[1-4]$/.test(event.key)) {
        event.preventDefault();
        if (!isRevealed) {
          setStatus("Show the answer first (Space or Enter).");
          return;
        }
        rate(Number(event.key) as Rating);
      }
    };
  }, [isRevealed, reveal, rate, undo, toggleHelp]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => onKeyRef.current(event);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div>
      {cram && snapshot.mode === "cram" ? (
        <p className="lead">
          {snapshot.sets.map((s) => s.title).join(", ")}:{" "}
          <strong data-testid="cram-remaining">{cramRemaining(state)}</strong> weak or due{" "}
          {cramRemaining(state) === 1 ? "card" : "cards"} left,{" "}
          {snapshot.daysLeft === 0 ? "and the interview is today" : `${plural(snapshot.daysLeft, "day")} to go`}. Cram
          ratings are logged but never change your schedule.
        </p>
      ) : (
        <QueueCounts counts={countsOfState(state)} label="Cards left today" />
      )}
      {card !== null && card.face !== null ? (
        <section className="card" aria-label="Flashcard" key={showing} data-item={card.itemId} data-showing={showing}>
          <div className={styles.face} data-testid="card-front">
            <CardFront face={card.face} />
          </div>
          {isRevealed ? (
            <>
              <hr className={styles.divider} />
              <div data-testid="card-back" tabIndex={-1}>
                <CardBack face={card.face} />
              </div>
              <div
                className={styles.ratings}
                role="group"
                aria-label="Rate your answer"
                data-previewed-at={revealed?.at.toISOString()}
              >
                {buttons.map((r) => (
                  <button
                    key={r.rating}
                    type="button"
                    ref={r.rating === 3 ? goodButton : undefined}
                    className={RATING_CLASS[r.rating]}
                    onClick={() => rate(r.rating)}
                    title={`${r.name}: ${r.description} (key ${r.rating})`}
                    data-testid={`rate-${r.rating}`}
                  >
                    <span>{r.name}</span>
                    <span className={styles.interval}>
                      {r.label}
                      {/* the key is in the title and the shortcuts list; here it is a visual hint only */}
                      <span aria-hidden="true" className={styles.key}>
                        {r.rating}
                      </span>
                    </span>
                  </button>
                ))}
              </div>
            </>
          ) : (
            <div className={styles.actions}>
              <button type="button" ref={revealButton} onClick={reveal}>
                Show answer
              </button>
              <span className="muted">
                <kbd>Space</kbd> or <kbd>Enter</kbd>
              </span>
            </div>
          )}
        </section>
      ) : model.waiting ? (
        <section className="card" aria-live="polite" data-testid="waiting">
          <p>
            {model.online
              ? "Loading the next cards…"
              : "The next cards come from the server: they appear when you are back online."}
          </p>
        </section>
      ) : cram ? (
        <section className="card" aria-labelledby="cram-done">
          <h2 id="cram-done">Nothing weak left</h2>
          <p>
            Every weak or due card of these sets was rated Good or Easy today. Your regular schedule is unchanged:{" "}
            <Link href="/sets">study the sets</Link> as usual.
          </p>
        </section>
      ) : model.done && snapshot.mode === "set" ? (
        <DoneForToday slug={snapshot.set.slug} done={model.done} timeZone={snapshot.timeZone} />
      ) : (
        <section className="card" aria-labelledby="done-title" data-testid="done">
          <h2 id="done-title">Done for today</h2>
          <p>You have studied every card this set has for you today.</p>
          <p className="muted">Tomorrow&rsquo;s cards are counted once your ratings are synced.</p>
          <p>
            <Link href="/sets">Back to the question sets</Link> · <Link href="/stats">Statistics</Link> ·{" "}
            <Link href="/cram">Cram for an interview</Link>
          </p>
        </section>
      )}
      <div className={styles.toolbar}>
        <button type="button" className="secondary" onClick={undo} disabled={!model.canUndo}>
          Undo last rating <kbd>u</kbd>
        </button>
        <button type="button" className="secondary" onClick={toggleHelp} aria-haspopup="dialog">
          Keyboard shortcuts <kbd>?</kbd>
        </button>
      </div>
      <p role="status" aria-live="polite" className="muted" data-testid="study-status">
        {status}
      </p>
      <SyncStatus sync={model.sync} online={model.online} />
      {model.notice ? (
        <p role="alert" className="form-error">
          {model.notice}
        </p>
      ) : null}
      <dialog ref={dialog} className={styles.dialog} aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <dl className={styles.shortcuts}>
          <dt>
            <kbd>Space</kbd> / <kbd>Enter</kbd>
          </dt>
          <dd>Show the answer; once shown, rate Good</dd>
          <dt>
            <kbd>1</kbd> <kbd>2</kbd> <kbd>3</kbd> <kbd>4</kbd>
          </dt>
          <dd>Rate Again, Hard, Good, Easy</dd>
          <dt>
            <kbd>u</kbd> / <kbd>Ctrl</kbd>+<kbd>Z</kbd>
          </dt>
          <dd>Undo the last rating</dd>
          <dt>
            <kbd>?</kbd>
          </dt>
          <dd>Show or hide this list</dd>
          <dt>
            <kbd>Tab</kbd>
          </dt>
          <dd>Move between buttons; Enter or Space presses the focused one</dd>
        </dl>
        <form method="dialog">
          <button type="submit">Close</button>
        </form>
      </dialog>
    </div>
  );
}

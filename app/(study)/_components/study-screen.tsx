"use client";

import { useCallback, useEffect, useRef, useState, useTransition, type ReactNode } from "react";
import { unstable_rethrow, usePathname, useRouter } from "next/navigation";
import { rateAction, undoAction } from "../study/actions";
import type { StudyReturn } from "@/lib/schemas/study";
import styles from "../study.module.css";

export interface RatingButton {
  readonly rating: 1 | 2 | 3 | 4;
  readonly name: string;
  /** on the button, under the name: "10m", "see again" */
  readonly label: string;
  /** in the tooltip: "next review in 10 minutes" */
  readonly description: string;
}

export interface StudyScreenProps {
  /** the card being studied, or null on the "done" screen (undo still works there) */
  readonly card: { readonly id: string; readonly reps: number; readonly ratings: readonly RatingButton[] } | null;
  readonly front?: ReactNode;
  readonly back?: ReactNode;
  readonly children?: ReactNode;
  readonly canUndo: boolean;
  readonly returnTo: StudyReturn;
}

const RATING_CLASS: Record<number, string | undefined> = { 1: styles.again, 2: styles.hard, 4: styles.easy };

/** A v4 UUID: crypto.randomUUID where the page is a secure context, getRandomValues otherwise. */
function newKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function isInteractive(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.closest("button, a, input, textarea, select, summary, [contenteditable='true'], dialog") !== null;
}

/**
 * The review screen: question, Space/Enter to reveal, 1–4 (or Space/Enter = Good) to rate, u / Ctrl+Z to
 * undo, ? for the shortcuts. One idempotency key per card shown, so a double press or a retried request
 * records one review. Nothing is kept in the browser: the server renders the next card after each action.
 */
export function StudyScreen({ card, front, back, children, canUndo, returnTo }: StudyScreenProps) {
  const [revealed, setRevealed] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const busy = useRef(false);
  const [key] = useState(newKey);
  const shownAt = useRef(0);
  const revealButton = useRef<HTMLButtonElement>(null);
  const goodButton = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const pathname = usePathname();

  useEffect(() => {
    shownAt.current = performance.now();
    revealButton.current?.focus();
  }, []);

  const reveal = useCallback(() => {
    if (!card) return;
    setRevealed(true);
    setStatus("Answer shown. Rate it: 1 Again, 2 Hard, 3 Good, 4 Easy.");
  }, [card]);

  useEffect(() => {
    if (revealed) goodButton.current?.focus();
  }, [revealed]);

  /**
   * Sends one server action: `status` while it runs, its own message when it refuses, `offline` when it does
   * not reach the server (a redirect it answers with is the router's business).
   */
  const send = useCallback(
    (status: string, call: () => Promise<{ ok: boolean; message?: string } | void>, offline: string) => {
      busy.current = true;
      setError(null);
      setStatus(status);
      startTransition(async () => {
        try {
          const result = await call();
          if (result && !result.ok) {
            setError(result.message ?? "");
            setStatus("");
          }
        } catch (e) {
          unstable_rethrow(e);
          setError(offline);
          setStatus("");
        } finally {
          busy.current = false;
        }
      });
    },
    [],
  );

  const rate = useCallback(
    (rating: 1 | 2 | 3 | 4) => {
      if (!card || !revealed || busy.current) return;
      const name = card.ratings.find((r) => r.rating === rating)?.name ?? "";
      const durationMs = Math.min(86_400_000, Math.max(0, Math.round(performance.now() - shownAt.current)));
      send(
        `Rated ${name}. Loading the next card…`,
        async () => {
          const result = await rateAction({
            rating: {
              cardId: card.id,
              rating,
              idempotencyKey: key,
              durationMs,
              source: returnTo.mode === "cram" ? "cram" : "flashcard",
              reps: card.reps,
            },
            back: returnTo,
          });
          if (!result.ok && !result.stale) return result;
          // The next card: a plain reload of this screen, dropping "?card=" left by an undo (that card
          // has just been rated). The server decides what comes next; nothing is kept here.
          if (returnTo.mode === "set" && window.location.search.includes("card=")) router.replace(pathname);
          else router.refresh();
        },
        "The rating did not reach the server. Press the same key again to retry: it will be recorded once.",
      );
    },
    [card, revealed, key, returnTo, router, pathname, send],
  );

  const undo = useCallback(() => {
    if (!canUndo || busy.current) return;
    send(
      "Undoing the last rating…",
      () => undoAction({ back: returnTo }),
      "The undo did not reach the server. Try again.",
    );
  }, [canUndo, returnTo, send]);

  const toggleHelp = useCallback(() => {
    const d = dialog.current;
    if (!d) return;
    if (d.open) d.close();
    else d.showModal();
  }, []);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
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
        if (!revealed) reveal();
        else rate(3);
        return;
      }
      if (/^[1-4]$/.test(event.key)) {
        event.preventDefault();
        if (!revealed) {
          setStatus("Show the answer first (Space or Enter).");
          return;
        }
        rate(Number(event.key) as 1 | 2 | 3 | 4);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [revealed, reveal, rate, undo, toggleHelp]);

  return (
    <div>
      {card ? (
        <section className="card" aria-label="Flashcard" aria-busy={pending}>
          <div className={styles.face} data-testid="card-front">
            {front}
          </div>
          {revealed ? (
            <>
              <hr className={styles.divider} />
              <div data-testid="card-back" tabIndex={-1}>
                {back}
              </div>
              <div className={styles.ratings} role="group" aria-label="Rate your answer">
                {card.ratings.map((r) => (
                  <button
                    key={r.rating}
                    type="button"
                    ref={r.rating === 3 ? goodButton : undefined}
                    className={RATING_CLASS[r.rating]}
                    onClick={() => rate(r.rating)}
                    disabled={pending}
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
      ) : (
        children
      )}
      <div className={styles.toolbar}>
        <button type="button" className="secondary" onClick={undo} disabled={!canUndo || pending}>
          Undo last rating <kbd>u</kbd>
        </button>
        <button type="button" className="secondary" onClick={toggleHelp} aria-haspopup="dialog">
          Keyboard shortcuts <kbd>?</kbd>
        </button>
      </div>
      <p role="status" aria-live="polite" className="muted" data-testid="study-status">
        {status}
      </p>
      {error ? (
        <p role="alert" className="form-error">
          {error}
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

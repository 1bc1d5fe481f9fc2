"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { countdownLevel, formatRemaining, pacingHint } from "@/lib/interview";

export interface RunnerQuestion {
  readonly id: string;
  readonly position: number;
  readonly promptHtml: string;
  readonly answer: string;
  readonly revision: number;
  readonly flagged: boolean;
  readonly savedAt: string | null;
}

export interface RunnerProps {
  readonly id: string;
  readonly setTitle: string;
  readonly deadlineAt: string;
  readonly serverNow: string;
  readonly durationSec: number;
  readonly questions: readonly RunnerQuestion[];
}

interface LocalQuestion extends RunnerQuestion {
  /** typed here and not yet confirmed by the server */
  readonly dirty: boolean;
}

type Lock = { readonly kind: "late" | "submitted"; readonly message: string } | null;

const DEBOUNCE_MS = 800;
const RETRY_MS = 3_000;

interface ApiError {
  readonly error?: {
    readonly code?: string;
    readonly message?: string;
    readonly current?: { answer: string; revision: number };
  };
}

/**
 * Taking an interview. The countdown is drawn from the server's deadline (corrected by the server's clock at
 * load), so reloads and second tabs show the same time. Answers autosave: debounced while typing, at once on
 * navigation, and with keepalive when the page is hidden or closed. Saves go one at a time, each with a
 * revision one above the last the server confirmed; a STALE_REVISION answer (another tab saved newer text)
 * is resolved last-write-wins: the tab being typed in re-sends above the stored revision. A tab coming back
 * into view adopts newer text saved elsewhere for questions it has not changed.
 */
export function InterviewRunner(props: RunnerProps) {
  const router = useRouter();
  const [questions, setQuestions] = useState<LocalQuestion[]>(() =>
    props.questions.map((q) => ({ ...q, dirty: false })),
  );
  const questionsRef = useRef(questions);
  const [current, setCurrent] = useState(0);
  const [status, setStatus] = useState<{ text: string; error: boolean }>({ text: "", error: false });
  const [lock, setLock] = useState<Lock>(null);
  const lockRef = useRef<Lock>(null);
  const [announcement, setAnnouncement] = useState("");
  const deadline = Date.parse(props.deadlineAt);
  const offsetRef = useRef(0);
  const [remaining, setRemaining] = useState(() => Math.max(0, deadline - Date.parse(props.serverNow)));
  const inFlight = useRef(false);
  const again = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const finishing = useRef(false);
  const level = countdownLevel(remaining);

  const update = useCallback((next: (qs: LocalQuestion[]) => LocalQuestion[]) => {
    questionsRef.current = next(questionsRef.current);
    setQuestions(questionsRef.current);
  }, []);

  const lockWith = useCallback((value: NonNullable<Lock>) => {
    lockRef.current = value;
    setLock(value);
    setStatus({ text: value.message, error: true });
  }, []);

  const flush = useCallback(async (): Promise<void> => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      for (;;) {
        if (lockRef.current) return;
        const q = questionsRef.current.find((x) => x.dirty);
        if (!q) break;
        const sent = q.answer;
        const revision = q.revision + 1;
        setStatus({ text: "Saving…", error: false });
        let response: Response;
        try {
          response = await fetch(`/api/interviews/${props.id}/questions/${q.position}`, {
            method: "PATCH",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ answer: sent, revision }),
          });
        } catch {
          setStatus({
            text: "Offline: your answer is kept here and will be saved when the server is back.",
            error: true,
          });
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => void flush(), RETRY_MS);
          return;
        }
        if (response.ok) {
          const body = (await response.json()) as { revision: number; savedAt: string };
          update((qs) =>
            qs.map((x) =>
              x.position === q.position
                ? { ...x, revision: body.revision, savedAt: body.savedAt, dirty: x.answer !== sent }
                : x,
            ),
          );
          setStatus({ text: `Saved at ${new Date(body.savedAt).toLocaleTimeString()}`, error: false });
          continue;
        }
        const body = (await response.json().catch(() => ({}))) as ApiError;
        const code = body.error?.code;
        if (code === "STALE_REVISION" && body.error?.current) {
          // Another tab saved a newer revision. Last write wins: this tab is the one being typed in, so its
          // text goes again above the stored revision.
          const stored = body.error.current.revision;
          update((qs) => qs.map((x) => (x.position === q.position ? { ...x, revision: stored, dirty: true } : x)));
          continue;
        }
        if (code === "LATE" || code === "SUBMITTED") {
          lockWith({ kind: code === "LATE" ? "late" : "submitted", message: body.error?.message ?? "Not saved." });
          return;
        }
        setStatus({ text: body.error?.message ?? "Your answer could not be saved.", error: true });
        return;
      }
    } finally {
      inFlight.current = false;
      if (again.current) {
        again.current = false;
        void flush();
      }
    }
  }, [props.id, update, lockWith]);

  const scheduleSave = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), DEBOUNCE_MS);
  }, [flush]);

  const saveNow = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    await flush();
  }, [flush]);

  /** Closing or hiding the tab: send what is unsaved with keepalive so the request outlives the page. */
  const saveOnLeave = useCallback(() => {
    if (lockRef.current) return;
    for (const q of questionsRef.current) {
      if (!q.dirty) continue;
      void fetch(`/api/interviews/${props.id}/questions/${q.position}`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ answer: q.answer, revision: q.revision + 1 }),
        keepalive: true,
      }).then(
        (r) => {
          if (r.ok) update((qs) => qs.map((x) => (x.position === q.position ? { ...x, revision: q.revision + 1 } : x)));
        },
        () => undefined,
      );
    }
  }, [props.id, update]);

  /** Back in view: take newer text saved by another tab for questions not changed here. */
  const refresh = useCallback(async () => {
    try {
      const response = await fetch(`/api/interviews/${props.id}`, { cache: "no-store" });
      if (!response.ok) return;
      const view = (await response.json()) as {
        status: string;
        serverNow: string;
        questions: RunnerQuestion[];
      };
      offsetRef.current = Date.parse(view.serverNow) - Date.now();
      if (view.status === "submitted") {
        router.push(`/interviews/${props.id}/results`);
        return;
      }
      update((qs) =>
        qs.map((x) => {
          const server = view.questions.find((s) => s.position === x.position);
          if (!server) return x;
          const flagged = server.flagged;
          if (x.dirty || server.revision <= x.revision) return { ...x, flagged };
          return { ...x, answer: server.answer, revision: server.revision, savedAt: server.savedAt, flagged };
        }),
      );
    } catch {
      // offline: the next save reports it
    }
  }, [props.id, router, update]);

  const finish = useCallback(async () => {
    if (finishing.current) return;
    finishing.current = true;
    dialogRef.current?.close();
    await saveNow();
    setStatus({ text: "Submitting and grading…", error: false });
    try {
      const response = await fetch(`/api/interviews/${props.id}/submit`, { method: "POST" });
      if (response.ok || response.status === 409) {
        router.push(`/interviews/${props.id}/results`);
        return;
      }
      const body = (await response.json().catch(() => ({}))) as ApiError;
      setStatus({ text: body.error?.message ?? "The interview could not be submitted.", error: true });
    } catch {
      setStatus({ text: "The server could not be reached; try Finish again.", error: true });
    }
    finishing.current = false;
  }, [props.id, router, saveNow]);

  // The countdown: remaining = server deadline − (client clock corrected by the server's clock at load).
  useEffect(() => {
    offsetRef.current = Date.parse(props.serverNow) - Date.now();
    let announced = countdownLevel(Math.max(0, deadline - Date.parse(props.serverNow)));
    const tick = () => {
      const left = Math.max(0, deadline - (Date.now() + offsetRef.current));
      setRemaining(left);
      const now = countdownLevel(left);
      if (now !== announced) {
        announced = now;
        if (now === "warning") setAnnouncement("5 minutes left.");
        if (now === "danger") setAnnouncement("1 minute left.");
        if (now === "expired") {
          setAnnouncement("Time is up. Your answers are being submitted.");
          void finish();
        }
      }
    };
    tick();
    const interval = setInterval(tick, 250);
    return () => clearInterval(interval);
  }, [deadline, props.serverNow, finish]);

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === "hidden") saveOnLeave();
      else void refresh();
    };
    const onPageHide = () => saveOnLeave();
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (questionsRef.current.some((q) => q.dirty) && !lockRef.current) {
        saveOnLeave();
        event.preventDefault();
      }
    };
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("pagehide", onPageHide);
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("pagehide", onPageHide);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [saveOnLeave, refresh]);

  const go = (index: number) => {
    void saveNow();
    setCurrent(index);
  };

  const toggleFlag = async (position: number) => {
    const q = questionsRef.current.find((x) => x.position === position);
    if (!q || lockRef.current) return;
    const flagged = !q.flagged;
    update((qs) => qs.map((x) => (x.position === position ? { ...x, flagged } : x)));
    try {
      const response = await fetch(`/api/interviews/${props.id}/questions/${position}`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ flagged }),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as ApiError;
        const code = body.error?.code;
        if (code === "LATE" || code === "SUBMITTED") {
          lockWith({ kind: code === "LATE" ? "late" : "submitted", message: body.error?.message ?? "Not saved." });
        } else setStatus({ text: body.error?.message ?? "The flag could not be saved.", error: true });
        update((qs) => qs.map((x) => (x.position === position ? { ...x, flagged: !flagged } : x)));
      } else {
        setStatus({
          text: flagged ? `Question ${position} flagged for review.` : `Flag removed from question ${position}.`,
          error: false,
        });
      }
    } catch {
      setStatus({ text: "The server could not be reached; the flag was not saved.", error: true });
      update((qs) => qs.map((x) => (x.position === position ? { ...x, flagged: !flagged } : x)));
    }
  };

  const q = questions[current] ?? questions[0];
  if (!q) return <p className="notice">This interview has no questions.</p>;
  const answered = (x: LocalQuestion) => x.answer.trim().length > 0;
  const unanswered = questions.filter((x) => !answered(x));
  const flagged = questions.filter((x) => x.flagged);
  const hint = pacingHint(props.durationSec, questions.length, current, remaining);
  const textareaId = `answer-${q.position}`;

  return (
    <>
      <div className="interview-bar" role="region" aria-label="Time and progress">
        <span>
          <span className="visually-hidden">Time left: </span>
          <span
            className={`countdown level-${level}`}
            role="timer"
            aria-live="off"
            data-testid="countdown"
            data-level={level}
          >
            {formatRemaining(remaining)}
          </span>{" "}
          {level === "warning" ? <strong>Less than 5 minutes left</strong> : null}
          {level === "danger" ? <strong>Less than 1 minute left</strong> : null}
          {level === "expired" ? <strong>Time is up</strong> : null}
        </span>
        <span className="muted">
          {questions.length - unanswered.length} of {questions.length} answered · {flagged.length} flagged
        </span>
        <button type="button" onClick={() => dialogRef.current?.showModal()} disabled={lock?.kind === "submitted"}>
          Finish…
        </button>
        <p className="visually-hidden" aria-live="assertive">
          {announcement}
        </p>
      </div>

      {lock ? (
        <div className="notice" role="alert">
          <p>
            <strong>{lock.kind === "late" ? "Late: not saved." : "Already submitted."}</strong> {lock.message}
          </p>
          <p>
            <a href={`/interviews/${props.id}/results`}>See your results</a>
          </p>
        </div>
      ) : null}

      <div className="interview-layout">
        <nav className="question-nav card" aria-label="Questions">
          <h2>Questions</h2>
          <ol>
            {questions.map((x, index) => (
              <li key={x.id}>
                <button type="button" aria-current={index === current ? "step" : undefined} onClick={() => go(index)}>
                  <span>Question {x.position}</span>
                  <span className="visually-hidden">, </span>
                  <span className="muted">
                    {answered(x) ? "answered" : "unanswered"}
                    {x.flagged ? ", flagged" : ""}
                  </span>
                </button>
              </li>
            ))}
          </ol>
          <h3>To review</h3>
          <p className="muted" data-testid="unanswered-list">
            Unanswered: {unanswered.length > 0 ? unanswered.map((x) => x.position).join(", ") : "none"}
          </p>
          <p className="muted" data-testid="flagged-list">
            Flagged: {flagged.length > 0 ? flagged.map((x) => x.position).join(", ") : "none"}
          </p>
        </nav>

        <section className="card stack" aria-labelledby="question-heading">
          <h2 id="question-heading">
            Question {q.position} of {questions.length}
          </h2>
          <p className="muted" data-testid="pacing-hint">
            {hint.text}
          </p>
          <div className="markdown" dangerouslySetInnerHTML={{ __html: q.promptHtml }} />
          <div>
            <label htmlFor={textareaId}>Your answer to question {q.position}</label>
            <textarea
              id={textareaId}
              className="answer-box"
              value={q.answer}
              maxLength={20_000}
              readOnly={lock !== null}
              aria-describedby="save-status"
              onChange={(e) => {
                const answer = e.target.value;
                update((qs) => qs.map((x) => (x.position === q.position ? { ...x, answer, dirty: true } : x)));
                scheduleSave();
              }}
              onBlur={() => void saveNow()}
            />
          </div>
          <p
            id="save-status"
            className={`save-status${status.error ? " error" : ""}`}
            aria-live="polite"
            data-testid="save-status"
          >
            {status.text}
          </p>
          <div className="row">
            <button
              type="button"
              className="secondary"
              onClick={() => go(Math.max(0, current - 1))}
              disabled={current === 0}
            >
              Previous
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => go(Math.min(questions.length - 1, current + 1))}
              disabled={current === questions.length - 1}
            >
              Next
            </button>
            <button
              type="button"
              className="secondary"
              aria-pressed={q.flagged}
              onClick={() => void toggleFlag(q.position)}
            >
              {q.flagged ? "Unflag" : "Flag for review"}
            </button>
          </div>
        </section>
      </div>

      <dialog ref={dialogRef} className="confirm" aria-labelledby="finish-title">
        <h2 id="finish-title">Finish the interview?</h2>
        <p>
          {unanswered.length === 0
            ? "Every question has an answer."
            : `${unanswered.length} question${unanswered.length === 1 ? " is" : "s are"} unanswered (${unanswered
                .map((x) => x.position)
                .join(", ")}).`}{" "}
          {flagged.length > 0 ? `Flagged for review: ${flagged.map((x) => x.position).join(", ")}.` : ""}
        </p>
        <p>Your answers are graded as soon as you finish; you cannot change them afterwards.</p>
        <div className="row">
          <button type="button" onClick={() => void finish()}>
            Finish and grade
          </button>
          <button type="button" className="secondary" onClick={() => dialogRef.current?.close()}>
            Keep working
          </button>
        </div>
      </dialog>
    </>
  );
}

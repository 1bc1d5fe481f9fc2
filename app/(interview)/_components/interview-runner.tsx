"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { countdownLevel, formatRemaining, pacingHint } from "@/lib/interview";
import { formatMoment } from "@/app/_components/learner-locale";
import type { LearnerTime } from "@/app/_components/learner-time";
import type { TakeView } from "@/lib/server/interviews";
import { submitInterview } from "./interview-api";
import { useAutosave, type LocalQuestion } from "./use-autosave";
import { forgetCurrentQuestion, useCurrentQuestion } from "./use-current-question";

export type RunnerProps = Pick<
  TakeView,
  "id" | "setTitle" | "deadlineAt" | "serverNow" | "durationSec" | "questions"
> & {
  /** the longest answer the grader takes (lib/grade MAX_ANSWER_CHARS) */
  readonly answerLimit: number;
  /** how times are written: the learner's locale and time zone */
  readonly time: LearnerTime;
};

/**
 * Taking an interview. The countdown is drawn from the server's deadline (corrected by the server's clock at
 * load and at every refresh), so reloads and second tabs show the same time; at zero the page submits. The
 * answers and their autosave are useAutosave's.
 */
export function InterviewRunner(props: RunnerProps) {
  const router = useRouter();
  const offsetRef = useRef(0);
  const toResults = useCallback(() => {
    forgetCurrentQuestion(props.id);
    router.push(`/interviews/${props.id}/results`);
  }, [router, props.id]);
  const onServerNow = useCallback((serverNow: string) => {
    offsetRef.current = Date.parse(serverNow) - Date.now();
  }, []);
  const { locale, timeZone } = props.time;
  const timeOf = useCallback((iso: string) => formatMoment(iso, locale, timeZone, "time"), [locale, timeZone]);
  const { questions, status, setStatus, lock, edit, saveNow, toggleFlag } = useAutosave(props.id, props.questions, {
    onServerNow,
    onSubmitted: toResults,
    timeOf,
  });
  const [storedPosition, setStoredPosition] = useCurrentQuestion(props.id);
  const current = Math.max(
    0,
    questions.findIndex((x) => x.position === storedPosition),
  );
  const [announcement, setAnnouncement] = useState("");
  const deadline = Date.parse(props.deadlineAt);
  const [remaining, setRemaining] = useState(() => Math.max(0, deadline - Date.parse(props.serverNow)));
  const dialogRef = useRef<HTMLDialogElement>(null);
  const finishing = useRef(false);
  const durationMs = props.durationSec * 1000;
  const level = countdownLevel(remaining, durationMs);

  const finish = useCallback(async () => {
    if (finishing.current) return;
    finishing.current = true;
    dialogRef.current?.close();
    await saveNow();
    setStatus({ text: "Submitting and grading…", error: false });
    const submitted = await submitInterview(props.id);
    if (submitted.ok || (!submitted.offline && submitted.status === 409)) {
      toResults();
      return;
    }
    setStatus({
      text: submitted.offline
        ? "The server could not be reached; try Finish again."
        : (submitted.error.message ?? "The interview could not be submitted."),
      error: true,
    });
    finishing.current = false;
  }, [props.id, saveNow, setStatus, toResults]);

  // The countdown: remaining = server deadline − (client clock corrected by the server's clock).
  useEffect(() => {
    offsetRef.current = Date.parse(props.serverNow) - Date.now();
    let announced = countdownLevel(Math.max(0, deadline - Date.parse(props.serverNow)), durationMs);
    const tick = () => {
      const left = Math.max(0, deadline - (Date.now() + offsetRef.current));
      setRemaining(left);
      const now = countdownLevel(left, durationMs);
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
  }, [deadline, durationMs, props.serverNow, finish]);

  const go = (index: number) => {
    void saveNow();
    const position = questions[index]?.position;
    if (position !== undefined) setStoredPosition(position);
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
              maxLength={props.answerLimit}
              readOnly={lock !== null}
              aria-describedby="save-status"
              onChange={(e) => edit(q.position, e.target.value)}
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
            : `${unanswered.length === 1 ? "1 question is" : `${unanswered.length} questions are`} unanswered (${unanswered
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

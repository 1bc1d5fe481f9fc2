"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { TakeQuestion } from "@/lib/server/interviews";
import { loadInterview, lockOf, saveQuestion } from "./interview-api";

export interface LocalQuestion extends TakeQuestion {
  /** typed here and not yet confirmed by the server */
  readonly dirty: boolean;
}

export type Lock = { readonly kind: "late" | "submitted"; readonly message: string } | null;
export interface SaveStatus {
  readonly text: string;
  readonly error: boolean;
}

const DEBOUNCE_MS = 800;
const RETRY_MS = 3_000;

/**
 * The take page's answers and their autosave. Saves are debounced while typing, sent at once on demand (on
 * navigation, before Finish), and with keepalive when the page is hidden or closed. They go one at a time,
 * each with a revision one above the last the server confirmed; a STALE_REVISION answer (another tab saved
 * newer text) is resolved last-write-wins: the tab being typed in re-sends above the stored revision
 * (lib/interview/lifecycle.ts). Offline, the text stays here and is retried. A tab coming back into view
 * adopts newer text saved elsewhere for the questions it has not changed. LATE or SUBMITTED locks the page.
 */
export function useAutosave(
  interviewId: string,
  initial: readonly TakeQuestion[],
  {
    onServerNow,
    onSubmitted,
    timeOf,
  }: {
    onServerNow: (serverNow: string) => void;
    onSubmitted: () => void;
    /** a save's time as the learner reads it (their zone, their locale) */
    timeOf: (iso: string) => string;
  },
) {
  const [questions, setQuestions] = useState<LocalQuestion[]>(() => initial.map((q) => ({ ...q, dirty: false })));
  const questionsRef = useRef(questions);
  const [status, setStatus] = useState<SaveStatus>({ text: "", error: false });
  const [lock, setLock] = useState<Lock>(null);
  const lockRef = useRef<Lock>(null);
  const inFlight = useRef(false);
  const again = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const update = useCallback((next: (qs: LocalQuestion[]) => LocalQuestion[]) => {
    questionsRef.current = next(questionsRef.current);
    setQuestions(questionsRef.current);
  }, []);
  const change = useCallback(
    (position: number, fields: Partial<LocalQuestion>) =>
      update((qs) => qs.map((q) => (q.position === position ? { ...q, ...fields } : q))),
    [update],
  );

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
        setStatus({ text: "Saving…", error: false });
        const saved = await saveQuestion(interviewId, q.position, { answer: sent, revision: q.revision + 1 });
        if (saved.ok) {
          const { revision, savedAt } = saved.body;
          update((qs) =>
            qs.map((x) =>
              x.position === q.position
                ? { ...x, revision: revision ?? x.revision, savedAt, dirty: x.answer !== sent }
                : x,
            ),
          );
          setStatus({ text: `Saved at ${timeOf(saved.body.savedAt)}`, error: false });
          continue;
        }
        if (saved.offline) {
          setStatus({
            text: "Offline: your answer is kept here and will be saved when the server is back.",
            error: true,
          });
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => void flush(), RETRY_MS);
          return;
        }
        const stored = saved.error.code === "STALE_REVISION" ? saved.error.current : undefined;
        if (stored) {
          // Another tab saved a newer revision. Last write wins: this tab is the one being typed in, so its
          // text goes again above the stored revision.
          change(q.position, { revision: stored.revision, dirty: true });
          continue;
        }
        const locked = lockOf(saved.error);
        if (locked) lockWith(locked);
        else setStatus({ text: saved.error.message ?? "Your answer could not be saved.", error: true });
        return;
      }
    } finally {
      inFlight.current = false;
      if (again.current) {
        again.current = false;
        void flush();
      }
    }
  }, [interviewId, change, update, lockWith, timeOf]);

  const saveNow = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    await flush();
  }, [flush]);

  /** The learner typed: keep the text and save it once they pause. */
  const edit = useCallback(
    (position: number, answer: string) => {
      change(position, { answer, dirty: true });
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), DEBOUNCE_MS);
    },
    [change, flush],
  );

  /** Closing or hiding the tab: send what is unsaved with keepalive so the request outlives the page. */
  const saveOnLeave = useCallback(() => {
    if (lockRef.current) return;
    for (const q of questionsRef.current) {
      if (!q.dirty) continue;
      const revision = q.revision + 1;
      void saveQuestion(interviewId, q.position, { answer: q.answer, revision }, { keepalive: true }).then((saved) => {
        if (saved.ok) change(q.position, { revision });
      });
    }
  }, [interviewId, change]);

  /** Back in view: take newer text saved by another tab for questions not changed here. */
  const refresh = useCallback(async () => {
    const loaded = await loadInterview(interviewId);
    if (!loaded.ok) return; // offline: the next save reports it
    onServerNow(loaded.body.serverNow);
    if (loaded.body.status === "submitted") {
      onSubmitted();
      return;
    }
    update((qs) =>
      qs.map((x) => {
        const server = loaded.body.questions.find((s) => s.position === x.position);
        if (!server) return x;
        const flagged = server.flagged;
        if (x.dirty || server.revision <= x.revision) return { ...x, flagged };
        return { ...x, answer: server.answer, revision: server.revision, savedAt: server.savedAt, flagged };
      }),
    );
  }, [interviewId, onServerNow, onSubmitted, update]);

  const toggleFlag = useCallback(
    async (position: number) => {
      const q = questionsRef.current.find((x) => x.position === position);
      if (!q || lockRef.current) return;
      const flagged = !q.flagged;
      change(position, { flagged });
      const saved = await saveQuestion(interviewId, position, { flagged });
      if (saved.ok) {
        setStatus({
          text: flagged ? `Question ${position} flagged for review.` : `Flag removed from question ${position}.`,
          error: false,
        });
        return;
      }
      change(position, { flagged: !flagged });
      if (saved.offline) {
        setStatus({ text: "The server could not be reached; the flag was not saved.", error: true });
        return;
      }
      const locked = lockOf(saved.error);
      if (locked) lockWith(locked);
      else setStatus({ text: saved.error.message ?? "The flag could not be saved.", error: true });
    },
    [interviewId, change, lockWith],
  );

  useEffect(() => {
    const onVisibility = () => {
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
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", onPageHide);
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", onPageHide);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [saveOnLeave, refresh]);

  return { questions, status, setStatus, lock, edit, saveNow, toggleFlag };
}

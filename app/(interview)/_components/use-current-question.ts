"use client";

import { useCallback, useSyncExternalStore } from "react";

/**
 * The question the learner is on, kept per interview in localStorage, so a reload (or coming back to a
 * closed tab) returns to it instead of question 1. The server's render has no storage and shows the first
 * question; the stored one follows as the page hydrates (useSyncExternalStore's server snapshot).
 */
const keyOf = (interviewId: string) => `hopdrill:interview:${interviewId}:question`;
const listeners = new Set<() => void>();
/** this tab's positions, also when storage refuses them (private mode, a full quota) */
const memory = new Map<string, number>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

function read(key: string): number | null {
  const kept = memory.get(key);
  if (kept !== undefined) return kept;
  try {
    const stored = Number(window.localStorage.getItem(key));
    return Number.isInteger(stored) && stored > 0 ? stored : null;
  } catch {
    return null;
  }
}

/** The stored question position of `interviewId` (null: none yet) and the function that moves it. */
export function useCurrentQuestion(interviewId: string): readonly [number | null, (position: number) => void] {
  const key = keyOf(interviewId);
  const position = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => null,
  );
  const move = useCallback(
    (next: number) => {
      memory.set(key, next);
      try {
        window.localStorage.setItem(key, String(next));
      } catch {
        // without storage the position is still shown; it is only not kept over a reload
      }
      for (const listener of listeners) listener();
    },
    [key],
  );
  return [position, move] as const;
}

/** Forgets the stored position once the interview is over. */
export function forgetCurrentQuestion(interviewId: string): void {
  memory.delete(keyOf(interviewId));
  try {
    window.localStorage.removeItem(keyOf(interviewId));
  } catch {
    // nothing was stored
  }
}

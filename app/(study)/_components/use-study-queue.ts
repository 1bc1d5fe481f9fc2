"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { CardFace, StudyDone, WireCard } from "@/lib/server/study";
import type { StudyReturn } from "@/lib/schemas/study";
import { LEARN_AHEAD_MS } from "@/lib/srs/daily-queue";
import { createScheduler, type Scheduler } from "@/lib/srs/scheduler";
import type { QueuedCard } from "@/lib/srs/study-queue";
import type { Rating } from "@/lib/srs/types";
import { Outbox, type OutboxOp, type OutboxState, type Verdict } from "./outbox";
import { loadQueue, type Rated, type StudyApiResult, type StudySnapshot, type Undone } from "./study-api";
import {
  type Pick,
  adoptAnswer,
  advanced,
  afterRating,
  cardOf,
  fromWireCard,
  fromWireSrs,
  pickNext,
  runningLow,
  stateOfSnapshot,
  type ScreenState,
} from "./study-state";

/** A v4 UUID: crypto.randomUUID where the page is a secure context, getRandomValues otherwise. */
function newKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function scopeOf(snapshot: StudySnapshot): StudyReturn {
  return snapshot.mode === "set"
    ? { mode: "set", slug: snapshot.set.slug }
    : { mode: "cram", sets: snapshot.sets.map((s) => s.slug), date: snapshot.date };
}

/** The outbox's name for where a rating was made (its ops are replayed only there). */
function scopeKey(scope: StudyReturn): string {
  return scope.mode === "set" ? `set:${scope.slug}` : `cram:${[...scope.sets].sort().join(",")}:${scope.date}`;
}

interface Rated_ {
  readonly key: string;
  /** the screen before the rating: undo goes back to it */
  readonly before: ScreenState;
}

export interface StudyQueueModel {
  readonly state: ScreenState;
  readonly card: QueuedCard<CardFace> | null;
  /** no card on screen because more must come from the server */
  readonly waiting: boolean;
  /** "done for today" figures: null while not known (the server counts them once the ratings are synced) */
  readonly done: StudyDone | null;
  readonly sync: OutboxState;
  readonly online: boolean;
  readonly notice: string | null;
  readonly canUndo: boolean;
  readonly scheduler: Scheduler | null;
  /** the server's clock, as well as this browser can tell */
  readonly now: () => Date;
  rate(rating: Rating, durationMs: number): void;
  undo(): "local" | "server" | "none";
}

/**
 * The study screen's queue: starts from the server's snapshot, moves with each rating at once (lib/srs in the
 * browser), and keeps the server told through the outbox. It takes a fresh snapshot from the server when it
 * runs low, when the server refuses a rating (the card moved on elsewhere), and once offline ratings are
 * synced; sending pauses meanwhile, so the snapshot and the ratings still waiting never overlap.
 */
export function useStudyQueue(initial: StudySnapshot, userId: string): StudyQueueModel {
  const scope = useMemo(() => scopeOf(initial), [initial]);
  const key = scopeKey(scope);
  const [snapshot, setSnapshot] = useState(initial);
  const initialScheduler = () => (initial.mode === "set" ? createScheduler(initial.scheduler) : null);
  const [scheduler, setScheduler] = useState<Scheduler | null>(initialScheduler);
  const schedulerRef = useRef<Scheduler | null>(scheduler);
  const offset = useRef(0);
  const lastTime = useRef(0);
  const [view, setView] = useState<{ screen: ScreenState; pick: Pick }>(() => {
    const screen = stateOfSnapshot(initial, new Date(initial.serverNow), null);
    return { screen, pick: pickNext(screen, new Date(initial.serverNow)) };
  });
  const stateRef = useRef(view.screen);
  const now = useCallback(() => {
    // never backwards: a card's ratings must be in the order they were made
    const t = Math.max(Date.now() + offset.current, lastTime.current + 1);
    lastTime.current = t;
    return new Date(t);
  }, []);
  const setState = useCallback(
    (next: ScreenState) => {
      stateRef.current = next;
      setView({ screen: next, pick: pickNext({ ...next, onScreen: null }, now()) });
    },
    [now],
  );
  const history = useRef<Rated_[]>([]);
  const [historyDepth, setHistoryDepth] = useState(0);
  const [sync, setSync] = useState<OutboxState>({ pending: 0, retryAt: null, held: false, memoryOnly: false });
  const [notice, setNotice] = useState<string | null>(null);
  const [online, setOnline] = useState(true);
  const serverRated = useRef(initial.canUndo);
  const [serverCanUndo, setServerCanUndo] = useState(initial.canUndo);
  const outboxRef = useRef<Outbox | null>(null);
  const refreshWhenSynced = useRef(false);
  const refilling = useRef<Promise<void> | null>(null);
  const remember = useCallback((entry: Rated_ | null) => {
    if (entry === null) history.current.pop();
    else history.current.push(entry);
    setHistoryDepth(history.current.length);
  }, []);
  const ratedOnServer = useCallback(() => {
    serverRated.current = true;
    setServerCanUndo(true);
  }, []);

  /** Replays the outbox's ratings made here on a state the server sent (the server does not have them yet). */
  const replayed = useCallback(
    (base: ScreenState, ops: readonly OutboxOp[], keep: boolean): ScreenState => {
      let next = base;
      const undone = new Set(
        ops.flatMap((op) => (op.kind === "undo" && "idempotencyKey" in op.body ? [op.body.idempotencyKey] : [])),
      );
      for (const op of ops) {
        if (op.kind !== "rate" || op.scope !== key || undone.has(op.id)) continue;
        const card = cardOf(next, op.body.itemId);
        if (card === null || (next.cram === null && card.srs.reps !== op.body.reps)) continue;
        const moved = afterRating(
          next,
          op.body.itemId,
          op.body.rating,
          new Date(op.body.reviewedAt),
          schedulerRef.current,
        );
        if (moved === null) continue;
        if (keep) remember({ key: op.id, before: { ...next, onScreen: op.body.itemId } });
        next = moved.state;
      }
      return next.onScreen !== null && cardOf(next, next.onScreen) !== null ? next : advanced(next, now());
    },
    [key, now, remember],
  );

  /** A fresh snapshot from the server, with the card on screen (or `pin`) kept on screen. */
  const refill = useCallback(
    (pin: WireCard | null = null): Promise<void> => {
      if (refilling.current !== null) return refilling.current;
      const outbox = outboxRef.current;
      const run = async () => {
        await outbox?.pause();
        try {
          const sent = Date.now();
          const result = await loadQueue(scope);
          if (!result.ok) {
            if (!result.offline) setNotice(result.message);
            return;
          }
          offset.current = Date.parse(result.body.serverNow) - (sent + Date.now()) / 2;
          if (result.body.mode === "set") {
            schedulerRef.current = createScheduler(result.body.scheduler);
            setScheduler(schedulerRef.current);
          }
          const current = stateRef.current;
          const pinned = pin !== null ? fromWireCard(pin) : cardOf(current, current.onScreen);
          const base = stateOfSnapshot(result.body, now(), pinned, current.shown);
          setSnapshot(result.body);
          if (result.body.canUndo) ratedOnServer();
          setState(replayed(base, outbox?.list() ?? [], false));
        } finally {
          outbox?.resume();
          refilling.current = null;
        }
      };
      refilling.current = run();
      return refilling.current;
    },
    [scope, now, replayed, setState, ratedOnServer],
  );

  const answered = useCallback(
    (op: OutboxOp, result: StudyApiResult<unknown>): Verdict => {
      setOnline(result.ok || !result.offline);
      if (result.ok) {
        if (op.kind === "rate") {
          const body = result.body as Rated;
          ratedOnServer();
          if (op.scope === key && !body.duplicate && (body.card !== null || body.face !== null)) {
            const repsAfter = op.body.source === "cram" ? op.body.reps : op.body.reps + 1;
            const next = adoptAnswer(
              stateRef.current,
              op.body.itemId,
              repsAfter,
              body.card === null ? null : fromWireSrs(body.card),
              body.face,
            );
            const wasWaiting = stateRef.current.onScreen === null;
            setState(wasWaiting ? advanced(next, now()) : next);
          }
        } else if ("latest" in op.body) {
          void refill((result.body as Undone).card);
        }
        return "done";
      }
      if (result.offline || result.status >= 500 || result.status === 429) return "retry";
      if (result.status === 401) {
        setNotice(`Your session has ended: sign in again in this browser and your ratings will be sent.`);
        return "hold";
      }
      if (op.kind === "undo" && result.code === "NOTHING_TO_UNDO" && "idempotencyKey" in op.body) return "done";
      // refused for good (the card moved on elsewhere, or the set closed): the server's queue is the truth now
      setNotice(result.message);
      if (op.kind === "rate") {
        outboxRef.current?.discard(
          (other) => other.kind === "rate" && other.id !== op.id && other.body.itemId === op.body.itemId,
        );
      }
      history.current = [];
      setHistoryDepth(0);
      void refill();
      return "done";
    },
    [key, now, refill, setState, ratedOnServer],
  );
  const answeredRef = useRef(answered);
  const refillRef = useRef(refill);
  const replayedRef = useRef(replayed);
  useEffect(() => {
    answeredRef.current = answered;
    refillRef.current = refill;
    replayedRef.current = replayed;
  }, [answered, refill, replayed]);

  // The outbox lives as long as the screen; ratings left from an earlier visit are replayed and sent.
  useEffect(() => {
    const outbox = new Outbox(userId, {
      answered: (op, result) => answeredRef.current(op, result),
      changed: (next) => {
        setSync(next);
        if (next.pending === 0 && refreshWhenSynced.current && !outbox.busy) {
          refreshWhenSynced.current = false;
          void refillRef.current();
        }
      },
    });
    outboxRef.current = outbox;
    const waiting = outbox.list();
    if (waiting.some((op) => op.scope === key)) {
      setState(replayedRef.current(stateRef.current, waiting, true));
      refreshWhenSynced.current = true;
    }
    setSync(outbox.state());
    offset.current = Date.parse(initial.serverNow) - Date.now();
    const onOnline = () => setOnline(true);
    const onOffline = () => setOnline(false);
    setOnline(navigator.onLine);
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    outbox.kick();
    return () => {
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      outbox.dispose();
      outboxRef.current = null;
    };
  }, [userId, key, initial.serverNow, setState]);

  const rate = useCallback(
    (rating: Rating, durationMs: number) => {
      const current = stateRef.current;
      const card = cardOf(current, current.onScreen);
      if (card === null) return;
      const at = now();
      const moved = afterRating(current, card.itemId, rating, at, schedulerRef.current);
      if (moved === null) return;
      const idempotencyKey = newKey();
      const repeatsToday =
        moved.outcome !== null && moved.outcome.card.due.getTime() < moved.state.queue.dayEnd.getTime();
      outboxRef.current?.add({
        kind: "rate",
        id: idempotencyKey,
        scope: key,
        body: {
          itemId: card.itemId,
          rating,
          idempotencyKey,
          durationMs: Math.min(86_400_000, Math.max(0, Math.round(durationMs))),
          source: current.cram === null ? "flashcard" : "cram",
          reps: card.srs.reps,
          reviewedAt: at.toISOString(),
          withFace: card.newFaceEachShowing && repeatsToday,
        },
      });
      remember({ key: idempotencyKey, before: current });
      const next = advanced(moved.state, at);
      setState(next);
      setNotice(null);
      // sending waits for the next task: the next card is painted first
      setTimeout(() => outboxRef.current?.kick(), 0);
      if (next.onScreen === null || runningLow(next)) setTimeout(() => void refill(), 0);
      if (next.onScreen === null && current.cram === null) refreshWhenSynced.current = true;
    },
    [key, now, refill, setState, remember],
  );

  const undo = useCallback((): "local" | "server" | "none" => {
    const last = history.current.at(-1);
    const outbox = outboxRef.current;
    if (last !== undefined) {
      remember(null);
      setState({ ...last.before, shown: stateRef.current.shown + 1 });
      void outbox?.withdraw(last.key).then((removed) => {
        if (removed) return;
        outbox.add({ kind: "undo", id: newKey(), scope: key, body: { idempotencyKey: last.key } });
        outbox.kick();
      });
      return "local";
    }
    if (!serverRated.current || outbox === null) return "none";
    outbox.add({ kind: "undo", id: newKey(), scope: key, body: { latest: scope } });
    outbox.kick();
    return "server";
  }, [key, scope, setState, remember]);

  // A learning card due later today: look again when it may be shown (learn-ahead), and at the day's end.
  const { screen: state, pick } = view;
  const nextLearningDue = state.onScreen === null && pick.kind === "done" ? pick.nextLearningDue : null;
  const dayEnd = state.queue.dayEnd.getTime();
  const idle = state.onScreen === null;
  useEffect(() => {
    if (!idle) return;
    const at = Math.min(nextLearningDue === null ? Infinity : nextLearningDue.getTime() - LEARN_AHEAD_MS, dayEnd);
    if (!Number.isFinite(at)) return;
    const timer = setTimeout(
      () => {
        if (Date.now() + offset.current >= dayEnd) void refill();
        else setState(advanced(stateRef.current, now()));
      },
      Math.min(2 ** 31 - 1, Math.max(1_000, at - (Date.now() + offset.current))),
    );
    return () => clearTimeout(timer);
  }, [idle, nextLearningDue, dayEnd, now, refill, setState]);

  return {
    state,
    card: cardOf(state, state.onScreen),
    waiting: idle && pick.kind === "unknown",
    done: snapshot.mode === "set" && sync.pending === 0 && idle ? snapshot.done : null,
    sync,
    online,
    notice,
    canUndo: historyDepth > 0 || serverCanUndo,
    scheduler,
    now,
    rate,
    undo,
  };
}

import { sendRating, sendUndo, type RateBody, type StudyApiResult, type UndoBody } from "./study-api";

/**
 * The study screen's outbox: every rating (and every undo of a rating the server may already have) is
 * written to localStorage before the next card is shown, then sent in order, one at a time, until the
 * server has answered it. It survives a dropped network (retried with backoff, at once when the browser is
 * back online) and a reload or a closed tab (the next study page of the same learner sends it). Each
 * learner has their own outbox, so a shared browser never sends one learner's ratings as another's. Tabs
 * share it: the Web Locks API lets one tab send at a time, where the browser has it (idempotency keys make a
 * second sending harmless where it does not).
 */
export type OutboxOp =
  | { readonly kind: "rate"; readonly id: string; readonly scope: string; readonly body: RateBody }
  | { readonly kind: "undo"; readonly id: string; readonly scope: string; readonly body: UndoBody };

/** What the screen makes of the server's answer: done with it, try again later, or hold everything (signed out). */
export type Verdict = "done" | "retry" | "hold";

export interface OutboxState {
  /** ops not yet answered by the server */
  readonly pending: number;
  /** when the next attempt is due (ms since the epoch), while waiting to retry */
  readonly retryAt: number | null;
  /** sending has stopped until the page is loaded again (the session ended) */
  readonly held: boolean;
  /** the browser cannot store the outbox: ratings are kept in this page only */
  readonly memoryOnly: boolean;
}

interface Events {
  readonly answered: (op: OutboxOp, result: StudyApiResult<unknown>) => Verdict;
  readonly changed: (state: OutboxState) => void;
}

const STORAGE_PREFIX = "hopdrill.outbox.v1:";
const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

function isOp(value: unknown): value is OutboxOp {
  const op = value as Partial<OutboxOp> | null;
  return (
    op !== null &&
    typeof op === "object" &&
    (op.kind === "rate" || op.kind === "undo") &&
    typeof op.id === "string" &&
    typeof op.scope === "string" &&
    typeof op.body === "object"
  );
}

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T> | T): Promise<T>;
  request<T>(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<T> | T): Promise<T>;
}

export class Outbox {
  readonly #key: string;
  readonly #lockName: string;
  readonly #events: Events;
  #memory: OutboxOp[] = [];
  #memoryOnly = false;
  #inFlight: string | null = null;
  #pumping = false;
  #paused = 0;
  #idle: (() => void)[] = [];
  #held = false;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #retryAt: number | null = null;
  readonly #onOnline = () => this.kick(true);
  readonly #onStorage = (event: StorageEvent) => {
    if (event.key !== this.#key) return;
    this.#notify();
    this.kick();
  };

  constructor(userId: string, events: Events) {
    this.#key = `${STORAGE_PREFIX}${userId}`;
    this.#lockName = `hopdrill-outbox:${userId}`;
    this.#events = events;
    this.#memory = this.#read();
    window.addEventListener("online", this.#onOnline);
    window.addEventListener("storage", this.#onStorage);
  }

  dispose(): void {
    window.removeEventListener("online", this.#onOnline);
    window.removeEventListener("storage", this.#onStorage);
    if (this.#timer !== null) clearTimeout(this.#timer);
  }

  /** Everything not yet answered, oldest first (other tabs' ops included). */
  list(): OutboxOp[] {
    return this.#read();
  }

  /** Stores an op at the end of the outbox (synchronously: it is there before the screen moves on). */
  add(op: OutboxOp): void {
    this.#write([...this.#read(), op]);
    this.#notify();
  }

  /**
   * Takes back an op that has not been sent: true when it was removed, false when it may be on its way (or
   * answered already), so the caller must undo it on the server instead.
   */
  async withdraw(id: string): Promise<boolean> {
    const attempt = () => {
      if (this.#inFlight === id) return false;
      const ops = this.#read();
      if (!ops.some((op) => op.id === id)) return false;
      this.#write(ops.filter((op) => op.id !== id));
      this.#notify();
      return true;
    };
    const locks = this.#locks();
    // while this tab sends, it holds the lock: no other tab is sending
    if (locks === null || this.#inFlight !== null) return attempt();
    return locks.request(this.#lockName, { ifAvailable: true }, (lock) => (lock === null ? false : attempt()));
  }

  /** Drops the ops `drop` selects (stale ratings that the server would refuse too). Never the one in flight. */
  discard(drop: (op: OutboxOp) => boolean): void {
    const ops = this.#read();
    const kept = ops.filter((op) => op.id === this.#inFlight || !drop(op));
    if (kept.length !== ops.length) this.#write(kept);
    this.#notify();
  }

  /** Sends what is waiting, now (or `force`: even while a retry is scheduled, as when the network came back). */
  kick(force = false): void {
    if (this.#timer !== null) {
      if (!force) return;
      clearTimeout(this.#timer);
      this.#timer = null;
      this.#retryAt = null;
      this.#attempt = 0;
    }
    queueMicrotask(() => void this.#pump());
  }

  /** Waits until nothing is in flight and sends nothing until `resume` (a fresh queue is being read). */
  pause(): Promise<void> {
    this.#paused += 1;
    if (!this.#pumping) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  resume(): void {
    this.#paused = Math.max(0, this.#paused - 1);
    if (this.#paused === 0) this.kick();
  }

  get busy(): boolean {
    return this.#pumping;
  }

  state(): OutboxState {
    return {
      pending: this.#read().length,
      retryAt: this.#retryAt,
      held: this.#held,
      memoryOnly: this.#memoryOnly,
    };
  }

  async #pump(): Promise<void> {
    if (this.#pumping || this.#paused > 0 || this.#held || this.#timer !== null) return;
    this.#pumping = true;
    try {
      for (;;) {
        if (this.#paused > 0) break;
        const outcome = await this.#withLock(() => this.#sendHead());
        if (outcome === "empty") break;
        if (outcome === "hold") {
          this.#held = true;
          break;
        }
        if (outcome === "retry") {
          const delay = BACKOFF_MS[Math.min(this.#attempt, BACKOFF_MS.length - 1)] ?? 30_000;
          this.#attempt += 1;
          const jittered = Math.round(delay * (0.8 + Math.random() * 0.4));
          this.#retryAt = Date.now() + jittered;
          this.#timer = setTimeout(() => {
            this.#timer = null;
            this.#retryAt = null;
            void this.#pump();
          }, jittered);
          break;
        }
        this.#attempt = 0;
      }
    } finally {
      this.#pumping = false;
      this.#notify();
      for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  async #sendHead(): Promise<"empty" | "sent" | "retry" | "hold"> {
    const head = this.#read()[0];
    if (head === undefined) return "empty";
    this.#inFlight = head.id;
    let result: StudyApiResult<unknown>;
    try {
      result = head.kind === "rate" ? await sendRating(head.body) : await sendUndo(head.body);
    } finally {
      this.#inFlight = null;
    }
    const verdict = this.#events.answered(head, result);
    if (verdict === "done") {
      this.#write(this.#read().filter((op) => op.id !== head.id));
      return "sent";
    }
    return verdict;
  }

  #withLock<T>(work: () => Promise<T>): Promise<T> {
    const locks = this.#locks();
    return locks === null ? work() : locks.request(this.#lockName, work);
  }

  #locks(): LockManagerLike | null {
    const locks = (navigator as Navigator & { locks?: LockManagerLike }).locks;
    return locks ?? null;
  }

  #read(): OutboxOp[] {
    if (this.#memoryOnly) return this.#memory;
    try {
      const text = window.localStorage.getItem(this.#key);
      if (text === null) return [];
      const value: unknown = JSON.parse(text);
      return Array.isArray(value) ? value.filter(isOp) : [];
    } catch {
      return this.#memory;
    }
  }

  #write(ops: OutboxOp[]): void {
    this.#memory = ops;
    if (this.#memoryOnly) return;
    try {
      if (ops.length === 0) window.localStorage.removeItem(this.#key);
      else window.localStorage.setItem(this.#key, JSON.stringify(ops));
    } catch {
      // storage refused (full, or disabled): keep the ops in this page
      this.#memoryOnly = true;
    }
  }

  #notify(): void {
    this.#events.changed(this.state());
  }
}

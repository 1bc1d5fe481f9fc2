// No "server-only" here: the Node server in front of Next.js (lib/server/setup/serve.ts) runs outside the
// react-server condition and admits requests through this gate; the SQLite writer's turn is one too.

/**
 * A first-come, first-served gate for up to `capacity` holders at once (1: a lock). `release` hands the place
 * straight to the longest waiter, so a caller that arrives later can never slip in ahead (with a plain "wait
 * until free" loop, an unlucky rating was overtaken again and again under load and waited for seconds).
 */
export class FairGate {
  #holders = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly capacity = 1) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a whole number ≥ 1, not ${capacity}`);
  }

  acquire(): Promise<void> {
    if (this.#holders < this.capacity) {
      this.#holders += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next();
    else this.#holders -= 1;
  }
}

import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

/**
 * The seeded random source every simulation function takes as a parameter (never Math.random).
 * A thin, stateful wrapper over pure-rand so call sites read `rng.int(0, n - 1)`.
 */
export interface Random {
  /** uniform integer in [min, max], both included */
  int(min: number, max: number): number;
  /** uniform float in [0, 1) */
  float(): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** an independent copy at the same position: what it draws next, this source would draw next too */
  fork(): Random;
}

/**
 * xoroshiro128plus seeded with a small integer starts badly mixed (its first float is ≈1.0 for every seed
 * 0…1000, so `--seed N` would always pick the same endpoint); the murmur3 finalizer spreads the seed first.
 */
function scrambleSeed(seed: number): number {
  let h = seed | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

export function seededRandom(seed: number): Random {
  return randomFrom(xoroshiro128plus(scrambleSeed(seed)));
}

function randomFrom(gen: RandomGenerator): Random {
  const int = (min: number, max: number): number => uniformInt(gen, min, max);
  return {
    int,
    float: () => int(0, 2 ** 30 - 1) / 2 ** 30,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError("pick from an empty list");
      return items[int(0, items.length - 1)] as T;
    },
    chance: (p) => int(0, 999_999) < p * 1_000_000,
    fork: () => randomFrom(gen.clone()),
  };
}

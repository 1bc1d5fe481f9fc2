import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

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
}

export function seededRandom(seed: number): Random {
  const gen = xoroshiro128plus(seed | 0);
  const int = (min: number, max: number): number => uniformInt(gen, min, max);
  return {
    int,
    float: () => int(0, 2 ** 30 - 1) / 2 ** 30,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError("pick from an empty list");
      return items[int(0, items.length - 1)] as T;
    },
    chance: (p) => int(0, 999_999) < p * 1_000_000,
  };
}

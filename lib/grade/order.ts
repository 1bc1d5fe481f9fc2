/**
 * Order over claims: the required steps found, sorted by where the answer first states them (the clause that
 * matched, never a bare mention), against their place in the matched path's hop order. The longest
 * non-decreasing run of hop ranks (ties may come in any order) is "in order"; the rest are out of order. Among
 * equally long runs the one keeping the earlier phases wins, so the step that jumped ahead ("reverse NAT before
 * delivery", "DNAT before DNS") is the one reported.
 */
export interface Mention {
  readonly id: string;
  readonly rank: number;
  readonly position: number;
}

export interface OrderResult {
  /** inOrder / mentions, or 1 with fewer than two mentions */
  readonly score: number;
  readonly inOrder: readonly string[];
  readonly outOfOrder: readonly string[];
  readonly mentions: number;
}

const better = (a: readonly number[], b: readonly number[]): boolean => {
  if (a.length !== b.length) return a.length > b.length;
  for (let i = 0; i < a.length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
};

export function orderOf(mentions: readonly Mention[]): OrderResult {
  const sorted = [...mentions].sort((a, b) => a.position - b.position || a.rank - b.rank || (a.id < b.id ? -1 : 1));
  const n = sorted.length;
  // chains[i]: the best non-decreasing run ending at i (as indexes), by length then smallest ranks
  const chains: number[][] = [];
  for (let i = 0; i < n; i++) {
    const rank = sorted[i]?.rank ?? 0;
    let chosen: number[] = [];
    for (let j = 0; j < i; j++) {
      if ((sorted[j]?.rank ?? 0) > rank) continue;
      const candidate = chains[j] ?? [];
      const ranks = (c: number[]) => c.map((k) => sorted[k]?.rank ?? 0);
      if (better(ranks(candidate), ranks(chosen))) chosen = candidate;
    }
    chains.push([...chosen, i]);
  }
  let bestChain: number[] = [];
  for (const chain of chains) {
    const ranks = (c: number[]) => c.map((k) => sorted[k]?.rank ?? 0);
    if (better(ranks(chain), ranks(bestChain))) bestChain = chain;
  }
  const keep = new Set(bestChain);
  const inOrder = sorted.filter((_, i) => keep.has(i)).map((m) => m.id);
  const outOfOrder = sorted.filter((_, i) => !keep.has(i)).map((m) => m.id);
  return { score: n < 2 ? 1 : bestChain.length / n, inOrder, outOfOrder, mentions: n };
}

/** Whether telling step a (rank) against step b (rank) in the wrong order changes what the answer means. */
export function changesMeaning(a: number, b: number): boolean {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  // the DNS answer against the rules that act on its result; delivery against the reverse translation
  return (lo <= 3 && hi >= 5) || (hi === 8 && lo >= 5);
}

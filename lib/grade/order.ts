/**
 * Order sub-score: the concepts found, sorted by where the answer first mentions them, against their place
 * in the trace's hop order. The longest non-decreasing subsequence of hop ranks (ties may come in any order)
 * is "in order"; the rest are out of order. Among equally long subsequences the one using the earliest
 * mentions is kept, so the concept that jumped ahead is the one reported.
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

export function orderOf(mentions: readonly Mention[]): OrderResult {
  const sorted = [...mentions].sort((a, b) => a.position - b.position || a.rank - b.rank || (a.id < b.id ? -1 : 1));
  const n = sorted.length;
  // longest[i]: length of the longest non-decreasing run of ranks starting at i
  const longest: number[] = new Array<number>(n).fill(1);
  for (let i = n - 1; i >= 0; i--) {
    const ri = sorted[i]?.rank ?? 0;
    for (let j = i + 1; j < n; j++) {
      if ((sorted[j]?.rank ?? 0) >= ri) longest[i] = Math.max(longest[i] ?? 1, (longest[j] ?? 1) + 1);
    }
  }
  const best = n === 0 ? 0 : Math.max(...longest);
  const chain = new Set<number>();
  let need = best;
  let lastRank = -Infinity;
  for (let i = 0; i < n && need > 0; i++) {
    const rank = sorted[i]?.rank ?? 0;
    if (rank >= lastRank && longest[i] === need) {
      chain.add(i);
      lastRank = rank;
      need--;
    }
  }
  const inOrder = sorted.filter((_, i) => chain.has(i)).map((m) => m.id);
  const outOfOrder = sorted.filter((_, i) => !chain.has(i)).map((m) => m.id);
  return { score: n < 2 ? 1 : best / n, inOrder, outOfOrder, mentions: n };
}

/**
 * Order over claims: the required steps found, sorted by where the answer first states them (the clause that
 * matched, never a bare mention), against their place in the matched path's hop order. The longest
 * non-decreasing run of hop ranks (ties may come in any order) is "in order"; the rest are out of order. Among
 * equally long runs that share no step, the one told first wins (what came after it is an afterthought);
 * otherwise the one keeping the earlier phases wins, so the step that jumped ahead ("reverse NAT before
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

// runs as indexes into the told order; `rank` gives each one's hop rank
const better = (a: readonly number[], b: readonly number[], rank: (i: number) => number, whole = false): boolean => {
  if (a.length !== b.length) return a.length > b.length;
  // two equally long whole runs told one after the other ("… and conntrack rewrites the reply. Oh, and before
  // all that, DNS …"): the story told first stands and the afterthought is what came late
  if (whole && a.length > 0 && b.length > 0 && (a[0] ?? 0) !== (b[0] ?? 0) && disjoint(a, b))
    return (a[0] ?? 0) < (b[0] ?? 0);
  for (let i = 0; i < a.length; i++) {
    const ra = rank(a[i] ?? 0);
    const rb = rank(b[i] ?? 0);
    if (ra !== rb) return ra < rb;
  }
  return false;
};

function disjoint(a: readonly number[], b: readonly number[]): boolean {
  const set = new Set(a);
  return !b.some((i) => set.has(i));
}

/**
 * An answer told as two blocks, the later one wholly before the first in hop order and marked by the answer as
 * looking back ("… Oh, and before all that, DNS …", "That pod IP came from CoreDNS …"): the story told first (in
 * order, at least two steps) stands and the later block is the afterthought, however long it is. A later block
 * told as what comes next ("First the REJECT … Then the resolver …") is not: the steps that jumped ahead are.
 */
function toldFirst(ranks: readonly number[], looksBack: (k: number) => boolean): number[] | null {
  let k = 1;
  while (k < ranks.length && (ranks[k] ?? 0) >= (ranks[k - 1] ?? 0)) k++;
  if (k < 2 || k >= ranks.length || !looksBack(k)) return null;
  const lowestFirst = ranks[0] ?? 0;
  for (let i = k; i < ranks.length; i++) if ((ranks[i] ?? 0) >= lowestFirst) return null;
  return Array.from({ length: k }, (_, i) => i);
}

/**
 * `looksBack(position)`: whether the answer, where it tells the step at that position, marks it as earlier than
 * what it told before ("before all that", "came from").
 */
export function orderOf(
  mentions: readonly Mention[],
  looksBack: (position: number) => boolean = () => false,
): OrderResult {
  const sorted = [...mentions].sort((a, b) => a.position - b.position || a.rank - b.rank || (a.id < b.id ? -1 : 1));
  const n = sorted.length;
  const rankAt = (k: number): number => sorted[k]?.rank ?? 0;
  // chains[i]: the best non-decreasing run ending at i (as indexes), by length then smallest ranks
  const chains: number[][] = [];
  for (let i = 0; i < n; i++) {
    const rank = sorted[i]?.rank ?? 0;
    let chosen: number[] = [];
    for (let j = 0; j < i; j++) {
      if ((sorted[j]?.rank ?? 0) > rank) continue;
      const candidate = chains[j] ?? [];
      if (better(candidate, chosen, rankAt)) chosen = candidate;
    }
    chains.push([...chosen, i]);
  }
  let bestChain: number[] = [];
  for (const chain of chains) if (better(chain, bestChain, rankAt, true)) bestChain = chain;
  const story = toldFirst(
    sorted.map((m) => m.rank),
    (k) => looksBack(sorted[k]?.position ?? 0),
  );
  if (story !== null) bestChain = story;
  const keep = new Set(bestChain);
  const inOrder = sorted.filter((_, i) => keep.has(i)).map((m) => m.id);
  const outOfOrder = sorted.filter((_, i) => !keep.has(i)).map((m) => m.id);
  return { score: n < 2 ? 1 : bestChain.length / n, inOrder, outOfOrder, mentions: n };
}

// the steps that turn the ClusterIP into the pod IP the packet is routed by
const REWRITING_STEPS: ReadonlySet<string> = new Set(["proxy-service-match", "endpoint-selection", "dnat"]);

/**
 * Whether telling step a (rank) against step b (rank) in the wrong order changes what the answer means: the DNS
 * answer against the rules that act on its result; delivery against the reverse translation; routing against the
 * node's rules that rewrite the destination (routing the packet before its DNAT routes the ClusterIP as is).
 * `ids`, when given, are the two steps' concept ids.
 */
export function changesMeaning(a: number, b: number, ids?: readonly [string, string]): boolean {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  if (ids !== undefined) {
    const [x, y] = ids;
    if ((x === "routing" && REWRITING_STEPS.has(y)) || (y === "routing" && REWRITING_STEPS.has(x))) return true;
  }
  return (lo <= 3 && hi >= 5) || (hi === 8 && lo >= 5);
}

/**
 * Typo tolerance, deliberately narrow: only plain alphabetic words of 5+ letters are corrected (one edit;
 * two from 9 letters), only towards known words of 6+ letters, the first letter must agree, and never a token
 * holding a digit, a dot or another joiner, so IPs, ports, FQDNs and chain names must be exact.
 */

const PLAIN_WORD = /^[a-z]+$/;

export function allowedEdits(word: string): number {
  if (!PLAIN_WORD.test(word) || word.length < 5) return 0;
  return word.length >= 9 ? 2 : 1;
}

/** Optimal-string-alignment distance (a transposition counts as one edit), or max+1 once it exceeds max. */
export function editDistanceWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const cols = b.length + 1;
  let prevPrev: number[] = [];
  let prev: number[] = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (prevPrev[j - 2] ?? 0) + 1);
      }
      row.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length] ?? max + 1;
}

/** Known words grouped by first letter for quick candidate lookup. */
export class Vocabulary {
  private readonly words = new Set<string>();
  private readonly byInitial = new Map<string, string[]>();
  // corrections are pure functions of the word: memoise (bounded) so long answers stay fast
  private readonly corrections = new Map<string, string | null>();

  add(word: string): void {
    if (this.words.has(word) || !PLAIN_WORD.test(word)) return;
    this.words.add(word);
    this.corrections.clear();
    const initial = word[0] ?? "";
    const list = this.byInitial.get(initial);
    if (list === undefined) this.byInitial.set(initial, [word]);
    else list.push(word);
  }

  /** A copy that can grow without changing this one (rubrics extend the shared base vocabulary). */
  copy(): Vocabulary {
    const copy = new Vocabulary();
    for (const word of this.words) copy.words.add(word);
    for (const [initial, list] of this.byInitial) copy.byInitial.set(initial, [...list]);
    return copy;
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  /** The closest known word within the allowed edits (ties: the alphabetically first), or null. */
  correct(word: string): string | null {
    const max = allowedEdits(word);
    if (max === 0 || this.words.has(word)) return null;
    const known = this.corrections.get(word);
    if (known !== undefined) return known;
    let best: string | null = null;
    let bestDistance = max + 1;
    for (const candidate of this.byInitial.get(word[0] ?? "") ?? []) {
      // short targets ("there", "track", "reply") attract everyday words: snap only to 6+ letters
      if (candidate.length < 6) continue;
      const distance = editDistanceWithin(word, candidate, Math.min(max, bestDistance));
      if (distance < bestDistance || (distance === bestDistance && best !== null && candidate < best)) {
        if (distance <= max) {
          best = candidate;
          bestDistance = distance;
        }
      }
    }
    if (this.corrections.size > 20_000) this.corrections.clear();
    this.corrections.set(word, best);
    return best;
  }
}

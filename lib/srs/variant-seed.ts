/**
 * The seed of a scenario card's variant: a new one each time the card comes due, reproducible from the card
 * id and its review count (FNV-1a over the id, mixed with the count), so the same card never repeats the
 * variant of its previous due date and a stored seed always regenerates the same scenario.
 */
export function variantSeed(cardId: string, reps: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < cardId.length; i += 1) {
    hash ^= cardId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= reps + 0x9e3779b9;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  hash ^= hash >>> 16;
  // Positive 31-bit: the CLI and the generator take non-negative seeds.
  return hash & 0x7fffffff;
}

/** "1 card", "3 cards": a count and its noun, with the plural English gives most nouns unless one is passed. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/**
 * Slugs for set slugs and derived item ids: lower-case ASCII words joined by '-'.
 * Accents are folded (NFKD, combining marks dropped); Markdown punctuation and code ticks vanish;
 * anything else that is not a letter or digit separates words. Long slugs are cut at a word boundary.
 */
export function slugFromText(text: string, maxLength = 60): string {
  const words = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’`]/g, "")
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
  let slug = "";
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength) {
      if (!slug) slug = word.slice(0, maxLength);
      break;
    }
    slug = next;
  }
  return slug;
}

/**
 * A light suffix stemmer. Answers and patterns go through the same function, so what matters is that the
 * inflections learners use collapse together ("routes", "routed", "routing" → "rout"), not linguistic accuracy.
 * Tokens with digits, dots or other joiners (IPs, FQDNs, chain names) are never stemmed.
 */

const UNSTEMMED = new Set([
  "dns",
  "ipvs",
  "https",
  "http",
  "tls",
  "kubernetes",
  "coredns",
  "iptables",
  "nftables",
  "ndots",
  "this",
  "is",
  "was",
  "has",
  "does",
  "its",
  "yes",
  "always",
  "address",
  "process",
  "access",
  "status",
]);

const PLAIN_WORD = /^[a-z]+$/;

export function stem(word: string): string {
  if (!PLAIN_WORD.test(word) || UNSTEMMED.has(word)) return word;
  let w = word;
  if (w === "ips") return "ip";
  if (w.length > 4 && w.endsWith("ies")) w = w.slice(0, -3) + "y";
  else if (w.length > 4 && /(?:ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length >= 4 && w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing")) w = undouble(w.slice(0, -3));
  else if (w.length > 4 && w.endsWith("ed")) w = undouble(w.slice(0, -2));
  else if (w.length > 6 && w.endsWith("ation")) w = w.slice(0, -5);
  else if (w.length > 5 && w.endsWith("ion")) w = w.slice(0, -3);
  if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/**
 * "translation" stems to "transl" but "translate" to "translat": a noun in -ation loses the "at" its -ate verb keeps,
 * so a pattern prefix written from the verb ("translat*", "encapsulat*", "creat*") would miss the noun. This gives
 * the noun's verb stem, which the answer's analysis keeps beside the key (the key itself stays as it is: every
 * pattern, synonym and typo vocabulary is built on it); null for any other word.
 */
export function ationVerbStem(word: string): string | null {
  const s = stem(word);
  return s !== word && (word === `${s}ation` || word === `${s}ations`) ? `${s}at` : null;
}

// "mapping" → "mapp" → "map"; keep "ll"/"ss" ("installed" → "install").
function undouble(w: string): string {
  const last = w[w.length - 1];
  if (w.length > 3 && last !== undefined && last === w[w.length - 2] && !"lsz".includes(last)) return w.slice(0, -1);
  return w;
}

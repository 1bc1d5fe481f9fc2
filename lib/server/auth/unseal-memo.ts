import "server-only";

/**
 * Remembers successful session-cookie unseals by the exact sealed text for a short time. Unsealing (PBKDF2 key
 * derivation, HMAC check, AES) was about a tenth of an autosave's server time in bench:load, and a browser
 * sends the same cookie on every request. Only the secret can produce a sealed text that unseals, and the
 * token it holds is still looked up in the database on every request, so sign-out and session expiry take
 * effect at once; the memo can only stretch the cookie's own 30-day seal by `ttlMs`. Failures are not kept.
 */
export interface UnsealMemo {
  /** the token in `sealed`, from memory when unsealed less than ttlMs before `now`, else from `unseal` */
  token(sealed: string, now: number, unseal: (sealed: string) => Promise<string | null>): Promise<string | null>;
}

export function createUnsealMemo(options: { ttlMs: number; maxEntries: number }): UnsealMemo {
  const remembered = new Map<string, { token: string; until: number }>();
  return {
    async token(sealed, now, unseal) {
      const known = remembered.get(sealed);
      if (known !== undefined && known.until > now) return known.token;
      remembered.delete(sealed);
      const token = await unseal(sealed);
      if (token === null || token.length === 0) return null;
      if (remembered.size >= options.maxEntries) remembered.delete(remembered.keys().next().value as string);
      remembered.set(sealed, { token, until: now + options.ttlMs });
      return token;
    },
  };
}

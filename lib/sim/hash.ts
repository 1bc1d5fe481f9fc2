import { sha256 } from "@noble/hashes/sha2.js";
import { base32 } from "@scure/base";

const utf8 = new TextEncoder();

/** base32 (standard alphabet, padded) of SHA-256 of the text, as kube-proxy hashes chain names. */
export function sha256Base32(text: string): string {
  return base32.encode(sha256(utf8.encode(text)));
}

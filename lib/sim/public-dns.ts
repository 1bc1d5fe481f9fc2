/**
 * What a realistic upstream resolver answers for a name outside the cluster (lib/sim/README.md, "What cluster
 * DNS answers"): the public internet exists by default. A name of two labels or more whose top-level label is a
 * delegated TLD (IANA's root zone list, as the `tlds` package ships it) resolves to a stable address that
 * depends only on the name; any other name (`bar.`, `svc.corp.example.`, `us-east-2.compute.internal.`) does
 * not exist. The scenario's `externalDNS` overrides both, per name.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import TLDS from "tlds";

const DELEGATED: ReadonlySet<string> = new Set(TLDS);
const utf8 = new TextEncoder();

// RFC 5737 documentation blocks: addresses that look public and can never be mistaken for a real host.
const PUBLIC_BLOCKS = ["203.0.113", "198.51.100"] as const;

/** The top-level label when `name` (lower case, no trailing dot) is under a delegated public TLD, else null. */
export function delegatedTld(name: string): string | null {
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return null; // a single label is not a public name
  const tld = name.slice(dot + 1);
  return DELEGATED.has(tld) ? tld : null;
}

const addresses = new Map<string, string>();

/** The stable A address of a public name: a function of the name alone (first bytes of its SHA-256). */
export function publicAddress(name: string): string {
  let ip = addresses.get(name);
  if (ip === undefined) {
    const digest = sha256(utf8.encode(name));
    const block = PUBLIC_BLOCKS[(digest[0] ?? 0) % PUBLIC_BLOCKS.length] as string;
    ip = `${block}.${1 + ((digest[1] ?? 0) % 254)}`;
    if (addresses.size > 10_000) addresses.clear();
    addresses.set(name, ip);
  }
  return ip;
}

import { ipFamilyOf, ipToNumber, ipv6ToBigInt, type IpFamily } from "./cidr";
import type { ResolverFlavour } from "./resolver";

/**
 * Destination address selection: the order getaddrinfo returns addresses in, so the one the application
 * connects to first (lib/sim/README.md, "Dual-stack and IPv6"). glibc (sysdeps/posix/getaddrinfo.c
 * rfc3484_sort, with no /etc/gai.conf) still uses RFC 3484's precedence table, where IPv4 (::ffff:0:0/96) is 10
 * and every other IPv6 address, unique local fc00::/7 included, is 40; musl (src/network/lookup_name.c
 * defpolicy) uses RFC 6724's, where IPv4 is 35 and fc00::/7 only 3. So a dual-stack Service with ULA
 * ClusterIPs is reached over IPv6 by a glibc client and over IPv4 by a musl one.
 *
 * The rules applied, in order: 1 a destination without a source address of its family is unusable (last);
 * 2 matching scope; 5 matching label; 6 higher precedence; 8 smaller scope; 10 otherwise the DNS order. Rule 9
 * (longest matching prefix) is not modelled: addresses of one family keep the order DNS gave them.
 */

interface PolicyEntry {
  /** prefix as the 128-bit value (IPv4 addresses are looked up as ::ffff:a.b.c.d) */
  readonly prefix: bigint;
  readonly bits: number;
  readonly precedence: number;
  readonly label: number;
}

const entry = (hex: string, bits: number, precedence: number, label: number): PolicyEntry => ({
  prefix: ipv6ToBigInt(hex) ?? 0n,
  bits,
  precedence,
  label,
});

// glibc default_labels and default_precedence (getaddrinfo.c): RFC 3484's tables plus labels for fec0::/10,
// fc00::/7 and Teredo; longest prefix first
const GLIBC_LABELS: readonly PolicyEntry[] = [
  entry("::1", 128, 0, 0),
  entry("::ffff:0:0", 96, 0, 4),
  entry("::", 96, 0, 3),
  entry("2001::", 32, 0, 7),
  entry("2002::", 16, 0, 2),
  entry("fec0::", 10, 0, 5),
  entry("fc00::", 7, 0, 6),
  entry("::", 0, 0, 1),
];
const GLIBC_PRECEDENCE: readonly PolicyEntry[] = [
  entry("::1", 128, 50, 0),
  entry("::ffff:0:0", 96, 10, 0),
  entry("::", 96, 20, 0),
  entry("2002::", 16, 30, 0),
  entry("::", 0, 40, 0),
];
// musl defpolicy: RFC 6724 section 2.1 (the deprecated ::/96, fec0::/10 and 3ffe::/16 rows left out, as musl does)
const MUSL_POLICY: readonly PolicyEntry[] = [
  entry("::1", 128, 50, 0),
  entry("::ffff:0:0", 96, 35, 4),
  entry("2001::", 32, 5, 5),
  entry("2002::", 16, 30, 2),
  entry("fc00::", 7, 3, 13),
  entry("::", 0, 40, 1),
];

function asMapped(ip: string): bigint | null {
  const v4 = ipToNumber(ip);
  if (v4 !== null) return 0xffff00000000n | BigInt(v4);
  return ipv6ToBigInt(ip);
}

function lookup(table: readonly PolicyEntry[], value: bigint): PolicyEntry {
  for (const row of table) {
    const shift = BigInt(128 - row.bits);
    if (value >> shift === row.prefix >> shift) return row;
  }
  return table[table.length - 1] as PolicyEntry;
}

/** RFC 6724 section 3.1 scope: 2 link-local (fe80::/10, ::1, 127/8, 169.254/16), 5 site-local, 14 global. */
export function scopeOf(ip: string): number {
  const v4 = ipToNumber(ip);
  if (v4 !== null) {
    const first = Math.floor(v4 / 16777216);
    const second = Math.floor(v4 / 65536) % 256;
    return first === 127 || (first === 169 && second === 254) ? 2 : 14;
  }
  const value = ipv6ToBigInt(ip) ?? 0n;
  if (value === 1n || value >> 118n === 0x3fan) return 2;
  if (value >> 118n === 0x3fbn) return 5;
  return 14;
}

export interface PolicyValues {
  readonly precedence: number;
  readonly label: number;
}

/** An address's precedence and label in the resolver's default policy table. */
export function policyOf(ip: string, flavour: ResolverFlavour): PolicyValues {
  const value = asMapped(ip) ?? 0n;
  if (flavour === "musl") {
    const row = lookup(MUSL_POLICY, value);
    return { precedence: row.precedence, label: row.label };
  }
  return { precedence: lookup(GLIBC_PRECEDENCE, value).precedence, label: lookup(GLIBC_LABELS, value).label };
}

/** The client's source address per family (null: no address of that family, so such destinations are unusable). */
export type SourceAddresses = Readonly<Record<IpFamily, string | null>>;

/**
 * The source address the kernel picks for a loopback destination: lo's own (127.0.0.1 for 127.0.0.0/8, ::1),
 * which every pod has, whatever its other addresses (the model assumes the kernel has IPv6, so lo has ::1).
 */
function loopbackSource(ip: string): string | null {
  if (ip === "::1") return "::1";
  const v4 = ipToNumber(ip);
  return v4 !== null && Math.floor(v4 / 16777216) === 127 ? "127.0.0.1" : null;
}

/** 127.0.0.0/8 or ::1: a connection there never leaves the client's own network namespace. */
export function isLoopback(ip: string): boolean {
  return loopbackSource(ip) !== null;
}

/**
 * The addresses in the order getaddrinfo returns them (a stable sort: ties keep the order given, DNS's or
 * /etc/hosts'). musl sorts nothing when every address is IPv4 (lookup_name.c: "No further processing is
 * needed if there are fewer than 2 results or if there are only IPv4 results"); glibc sorts them all.
 */
export function sortDestinations(
  addresses: readonly string[],
  sources: SourceAddresses,
  flavour: ResolverFlavour,
): string[] {
  if (flavour === "musl" && addresses.every((ip) => ipFamilyOf(ip) === "IPv4")) return [...addresses];
  const keyed = addresses.map((ip, order) => {
    const family = ipFamilyOf(ip) ?? "IPv4";
    const source = loopbackSource(ip) ?? sources[family];
    const policy = policyOf(ip, flavour);
    const scope = scopeOf(ip);
    return {
      ip,
      order,
      usable: source !== null,
      matchingScope: source !== null && scopeOf(source) === scope,
      matchingLabel: source !== null && policyOf(source, flavour).label === policy.label,
      precedence: policy.precedence,
      scope,
    };
  });
  keyed.sort((a, b) => {
    if (a.usable !== b.usable) return a.usable ? -1 : 1;
    if (a.matchingScope !== b.matchingScope) return a.matchingScope ? -1 : 1;
    if (a.matchingLabel !== b.matchingLabel) return a.matchingLabel ? -1 : 1;
    if (a.precedence !== b.precedence) return b.precedence - a.precedence;
    if (a.scope !== b.scope) return a.scope - b.scope;
    return a.order - b.order;
  });
  return keyed.map((k) => k.ip);
}

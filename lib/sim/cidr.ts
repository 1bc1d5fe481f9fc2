/**
 * IPv4 addresses and CIDR blocks as plain numbers. The simulation is IPv4-only: the seed question and every
 * scenario use IPv4 pod, node and Service addresses (lib/sim/README.md, "Modules").
 */

export interface Cidr {
  /** network address as an unsigned 32-bit number */
  readonly base: number;
  readonly prefix: number;
  /** number of addresses in the block */
  readonly size: number;
}

/** "10.244.1.7" → 0x0af40107; null when it is not a dotted quad of 0–255 octets. */
export function ipToNumber(ip: string): number | null {
  const parts = ip.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

export function numberToIp(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

export function isIPv4(text: string): boolean {
  return ipToNumber(text) !== null;
}

/** "10.244.0.0/16" → its block (host bits are cleared, as `ip route` would). */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf("/");
  if (slash < 0) return null;
  const ip = ipToNumber(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (ip === null || !/^\d{1,2}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > 32) return null;
  const size = 2 ** (32 - prefix);
  return { base: ip - (ip % size), prefix, size };
}

export function cidrContains(block: Cidr, ip: string): boolean {
  const value = ipToNumber(ip);
  return value !== null && value >= block.base && value < block.base + block.size;
}

/** Whether two blocks share any address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/** The address `offset` places after the block's network address (offset 1 is the first host). */
export function addressInCidr(block: Cidr, offset: number): string | null {
  if (offset < 0 || offset >= block.size) return null;
  return numberToIp(block.base + offset);
}

/** Length of the common leading bits of two IPv4 addresses (RFC 6724 CommonPrefixLen). */
export function commonPrefixLength(a: string, b: string): number {
  const x = ipToNumber(a);
  const y = ipToNumber(b);
  if (x === null || y === null) return 0;
  const diff = (x ^ y) >>> 0;
  return diff === 0 ? 32 : Math.clz32(diff);
}

/** Whether every address of `inner` lies inside `outer`. */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return inner.base >= outer.base && inner.base + inner.size <= outer.base + outer.size;
}

/**
 * IPv6, for dual-stack scenarios (lib/sim/README.md, "Dual-stack and IPv6"): addresses as 128-bit bigints.
 * Scenarios write them in their canonical text form (RFC 5952: lower case, no leading zeros, the longest run
 * of two or more zero groups as "::"), as Kubernetes' strict IP validation requires of new objects, so two
 * spellings of one address cannot both appear.
 */
export type IpFamily = "IPv4" | "IPv6";

export interface Cidr6 {
  readonly base: bigint;
  readonly prefix: number;
  readonly size: bigint;
}

const GROUP = /^[0-9a-fA-F]{1,4}$/;

/** "fd00:10:244::7" → its 128-bit value; null when it is not IPv6 text (embedded dotted IPv4 tails included). */
export function ipv6ToBigInt(text: string): bigint | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (part: string): string[] | null => {
    if (part === "") return [];
    const list = part.split(":");
    return list.every((g) => GROUP.test(g)) ? list : null;
  };
  const head = groups(halves[0] ?? "");
  const tail = halves.length === 2 ? groups(halves[1] ?? "") : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  let value = 0n;
  for (const g of [...head, ...Array<string>(missing).fill("0"), ...tail]) value = (value << 16n) | BigInt(`0x${g}`);
  return value;
}

/** The canonical (RFC 5952 section 4) text of a 128-bit value. */
export function bigIntToIPv6(value: bigint): string {
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  // the longest run of at least two zero groups, the first one on a tie
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      best = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (list: number[]): string => list.map((g) => g.toString(16)).join(":");
  if (best < 0) return hex(groups);
  return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLength))}`;
}

export function isIPv6(text: string): boolean {
  return ipv6ToBigInt(text) !== null;
}

/** Whether the text is an IPv6 address written the one canonical way. */
export function isCanonicalIPv6(text: string): boolean {
  const value = ipv6ToBigInt(text);
  return value !== null && bigIntToIPv6(value) === text;
}

/** The family of an address's text, null when it is neither. */
export function ipFamilyOf(text: string): IpFamily | null {
  if (isIPv4(text)) return "IPv4";
  if (isIPv6(text)) return "IPv6";
  return null;
}

/** "fd00:10:244::/56" → its block (host bits cleared); null for anything else, IPv4 blocks included. */
export function parseCidr6(text: string): Cidr6 | null {
  const slash = text.indexOf("/");
  if (slash < 0) return null;
  const ip = ipv6ToBigInt(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (ip === null || !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > 128) return null;
  const size = 1n << BigInt(128 - prefix);
  return { base: ip - (ip % size), prefix, size };
}

export function cidr6Contains(block: Cidr6, ip: string): boolean {
  const value = ipv6ToBigInt(ip);
  return value !== null && value >= block.base && value < block.base + block.size;
}

export function cidrs6Overlap(a: Cidr6, b: Cidr6): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

export function cidr6Within(inner: Cidr6, outer: Cidr6): boolean {
  return inner.base >= outer.base && inner.base + inner.size <= outer.base + outer.size;
}

/** The address `offset` places after the block's network address, in canonical text. */
export function addressInCidr6(block: Cidr6, offset: number): string | null {
  const step = BigInt(offset);
  if (offset < 0 || step >= block.size) return null;
  return bigIntToIPv6(block.base + step);
}

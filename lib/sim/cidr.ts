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

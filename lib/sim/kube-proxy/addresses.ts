/**
 * The few address facts the proxy and routing code need. IPv4 is computed here (the walker's hot path); IPv6
 * (dual-stack scenarios) goes through ../cidr's bigint helpers. Addresses are assumed valid (validated).
 */
import { addressInCidr6, cidr6Contains, parseCidr6 } from "../cidr";

export function ipv4ToNumber(ip: string): number {
  let value = 0;
  let octet = 0;
  for (let i = 0; i < ip.length; i++) {
    const code = ip.charCodeAt(i);
    if (code === 46 /* . */) {
      value = value * 256 + octet;
      octet = 0;
    } else {
      octet = octet * 10 + (code - 48);
    }
  }
  return value * 256 + octet;
}

export function numberToIpv4(value: number): string {
  return `${Math.floor(value / 16777216) % 256}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${value % 256}`;
}

// The walker tests the same few CIDRs on every packet: parse each once.
const parsedCidrs = new Map<string, { readonly network: number; readonly size: number }>();

function parseCidr(cidr: string, slash: number): { readonly network: number; readonly size: number } {
  let parsed = parsedCidrs.get(cidr);
  if (parsed === undefined) {
    const size = 2 ** (32 - Number(cidr.slice(slash + 1)));
    const base = ipv4ToNumber(cidr.slice(0, slash));
    parsed = { network: base - (base % size), size };
    if (parsedCidrs.size > 10_000) parsedCidrs.clear();
    parsedCidrs.set(cidr, parsed);
  }
  return parsed;
}

/** Whether `ip` lies in `cidr` ("10.244.0.0/16"); a bare address matches only itself (iptables -d/-s). */
export function inCidr(cidr: string, ip: string): boolean {
  const slash = cidr.indexOf("/");
  if (slash < 0) return cidr === ip;
  const v6 = cidr.includes(":");
  if (v6 !== ip.includes(":")) return false; // a rule of one family never matches the other's packets
  if (v6) {
    const block = parseCidr6(cidr);
    return block !== null && cidr6Contains(block, ip);
  }
  const { network, size } = parseCidr(cidr, slash);
  const value = ipv4ToNumber(ip);
  return value >= network && value < network + size;
}

/** The address `offset` places after the block's network address (0: the network address, 1: first host). */
export function addressInCidr(cidr: string, offset: number): string {
  if (cidr.includes(":")) {
    const block = parseCidr6(cidr);
    return (block === null ? null : addressInCidr6(block, offset)) ?? "::";
  }
  const slash = cidr.indexOf("/");
  const prefix = Number(cidr.slice(slash + 1));
  const size = 2 ** (32 - prefix);
  const base = ipv4ToNumber(cidr.slice(0, slash));
  return numberToIpv4(base - (base % size) + offset);
}

/** "10.244.2.7:8443" or "[fd00::7]:8443" → { ip, port } (net.SplitHostPort) */
export function splitHostPort(address: string): { readonly ip: string; readonly port: number } {
  const colon = address.lastIndexOf(":");
  const host = address.slice(0, colon);
  return { ip: host.startsWith("[") ? host.slice(1, -1) : host, port: Number(address.slice(colon + 1)) };
}

/** "ip:port", with brackets around an IPv6 address (net.JoinHostPort, as kube-proxy prints endpoints). */
export function joinHostPort(ip: string, port: number): string {
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

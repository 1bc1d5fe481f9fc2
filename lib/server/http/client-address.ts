// No "server-only" here: the Node server in front of Next.js (lib/server/setup/serve.ts) runs outside the
// react-server condition and imports this module; nothing in it is secret.
import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
import proxyAddr from "proxy-addr";

/**
 * The client's address as our own Node server worked it out from the connection, set on every request it
 * passes to Next.js. A value the client sent under this name is always overwritten, never read.
 */
export const CLIENT_ADDRESS_HEADER = "x-hopdrill-client-address";

export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * The TRUSTED_PROXIES list (addresses, CIDR ranges, or `loopback`, `linklocal`, `uniquelocal`; the
 * environment schema has checked it) as a test of one hop. An empty list trusts none: X-Forwarded-For,
 * which any client can write, is then never read.
 */
export function compileTrustedProxies(list: readonly string[]): TrustProxy {
  return proxyAddr.compile([...list]);
}

/** One spelling per address: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) as IPv4, IPv6 in its shortest form. */
function canonicalAddress(address: string): string {
  return ipaddr.isValid(address) ? ipaddr.process(address).toString() : address;
}

/**
 * Who sent the request: the connection's peer, unless that peer is a trusted proxy, in which case
 * X-Forwarded-For is read from the right, past every trusted hop, to the first address no trusted proxy
 * vouches for (an address the client wrote further left is never reached). Only the rate limits use it.
 */
export function clientAddressOf(
  socketAddress: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trust: TrustProxy,
): string {
  if (socketAddress === undefined) return "unknown";
  const header = typeof forwardedFor === "string" ? forwardedFor : forwardedFor?.join(",");
  const request = {
    socket: { remoteAddress: socketAddress },
    connection: { remoteAddress: socketAddress },
    headers: header === undefined ? {} : { "x-forwarded-for": header },
  } as unknown as IncomingMessage;
  return canonicalAddress(proxyAddr(request, trust));
}

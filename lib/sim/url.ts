import { isIPv4 } from "./cidr";
import type { Result } from "./types";

/**
 * The parts of a request URL the simulation needs; the port comes from the scheme or :port (lib/sim/README.md,
 * "Scenarios").
 */
export interface RequestUrl {
  readonly scheme: string;
  /** lower-case host exactly as written, a trailing dot kept (it changes how the resolver searches) */
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** the host is an IPv4 literal: getaddrinfo converts it without asking DNS */
  readonly hostIsAddress: boolean;
}

// IANA default ports for the schemes an application would plausibly use against a Service.
const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  grpc: 80,
  grpcs: 443,
  redis: 6379,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  amqp: 5672,
  mongodb: 27017,
};

const URL_SHAPE = /^([a-z][a-z0-9+.-]*):\/\/([^/:?#\s]+)(?::(\d{1,5}))?([/?#][^\s]*)?$/i;
const HOST_LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

/**
 * Parses `scheme://host[:port][/path]`. Written by hand rather than with WHATWG `URL`, which silently
 * rewrites hosts (it would turn `0x7f.1` into `127.0.0.1`), while a resolver sees the name as written.
 */
export function parseRequestUrl(url: string): Result<RequestUrl> {
  const match = URL_SHAPE.exec(url.trim());
  if (match === null) {
    return fail("must be an absolute URL such as https://bar/ or http://bar.other:8080/path");
  }
  const scheme = (match[1] ?? "").toLowerCase();
  const host = (match[2] ?? "").toLowerCase();
  const portText = match[3];
  const port = portText === undefined ? DEFAULT_PORTS[scheme] : Number(portText);
  if (port === undefined)
    return fail(`scheme "${scheme}" has no default port: give one explicitly (${scheme}://host:PORT/)`);
  if (port < 1 || port > 65535) return fail("port must be between 1 and 65535");
  const hostIsAddress = isIPv4(host);
  if (!hostIsAddress) {
    const bare = host.endsWith(".") ? host.slice(0, -1) : host;
    // RFC 1035: at most 253 characters in text form; every label 1–63 characters
    if (bare.length === 0 || bare.length > 253 || !bare.split(".").every((label) => HOST_LABEL.test(label))) {
      return fail(`host "${host}" is not a valid DNS name`);
    }
  }
  return { ok: true, value: { scheme, host, port, path: match[4] ?? "/", hostIsAddress } };
}

function fail(message: string): Result<RequestUrl> {
  return { ok: false, errors: [{ path: "request.url", message }] };
}

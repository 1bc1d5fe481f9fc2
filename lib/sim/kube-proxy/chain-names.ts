import { sha256 } from "@noble/hashes/sha2.js";
import { namespacedName } from "../namespaced-name";

/**
 * kube-proxy's chain names. iptables (pkg/proxy/iptables/proxier.go): chain names must be ≤ 28 characters, so
 * per-service chains carry a 16-character hash, base32(SHA-256(servicePortName + protocol)), protocol lower-case;
 * endpoint chains hash servicePortName + protocol + "ip:port". nftables (pkg/proxy/nftables/proxier.go,
 * hashAndTruncate): "<prefix><first 8 base32 chars of SHA-256(name)>-<name>", name = "ns/svc/proto/port" (plus
 * "__ip/port" for endpoints).
 */

// Hashing dominates rule generation; a Service's names are asked for on every sync and every trace. The cache is
// bounded so a long-running server cannot grow it without limit.
const hashCache = new Map<string, string>();
const HASH_CACHE_LIMIT = 200_000;
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"; // RFC 4648 standard alphabet (Go base32.StdEncoding)
const utf8 = new TextEncoder();

/**
 * The first 16 characters of base32(SHA-256(text)), i.e. sha256Base32(text).slice(0, 16) from ../hash, computed
 * from the first 10 digest bytes only: chain names never need more, and generation for 10,000 endpoints is
 * dominated by hashing.
 */
function cachedHash(text: string): string {
  let hash = hashCache.get(text);
  if (hash === undefined) {
    if (hashCache.size >= HASH_CACHE_LIMIT) hashCache.clear();
    const digest = sha256(utf8.encode(text));
    hash = "";
    let buffer = 0;
    let bits = 0;
    for (let i = 0; i < 10; i++) {
      buffer = (buffer << 8) | (digest[i] ?? 0);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        hash += BASE32[(buffer >>> bits) & 31];
      }
      buffer &= (1 << bits) - 1;
    }
    hashCache.set(text, hash);
  }
  return hash;
}

/** portProtoHash: the 16 characters shared by KUBE-SVC-, KUBE-SVL-, KUBE-EXT- and KUBE-FW- chains. */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return cachedHash(servicePortName + protocol.toLowerCase()).slice(0, 16);
}

/** KUBE-SVC-<hash>: the Service port's "Cluster" traffic policy chain (all usable endpoints). */
export function servicePortChainName(servicePortName: string, protocol: string): string {
  return `KUBE-SVC-${portProtoHash(servicePortName, protocol)}`;
}

/** KUBE-SVL-<hash>: the "Local" traffic policy chain (this node's endpoints only). */
export function serviceLocalChainName(servicePortName: string, protocol: string): string {
  return `KUBE-SVL-${portProtoHash(servicePortName, protocol)}`;
}

/** KUBE-EXT-<hash>: external (NodePort, LoadBalancer, external IP) traffic. */
export function serviceExternalChainName(servicePortName: string, protocol: string): string {
  return `KUBE-EXT-${portProtoHash(servicePortName, protocol)}`;
}

/** KUBE-FW-<hash>: loadBalancerSourceRanges filtering. */
export function serviceFirewallChainName(servicePortName: string, protocol: string): string {
  return `KUBE-FW-${portProtoHash(servicePortName, protocol)}`;
}

/** KUBE-SEP-<hash>: one endpoint of a Service port; `endpoint` is "ip:port". */
export function servicePortEndpointChainName(servicePortName: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${cachedHash(servicePortName + protocol.toLowerCase() + endpoint).slice(0, 16)}`;
}

// knftables.NameLengthMax (256) minus the longest prefix (16): names longer than this are truncated with "...".
const NFT_CHAIN_NAME_BASE_MAX = 240;

function hashAndTruncate(name: string): string {
  const full = `${cachedHash(name).slice(0, 8)}-${name}`;
  return full.length > NFT_CHAIN_NAME_BASE_MAX ? `${full.slice(0, NFT_CHAIN_NAME_BASE_MAX - 3)}...` : full;
}

export interface ServicePortParts {
  readonly namespace: string;
  readonly name: string;
  /** the port's name, "" when unnamed */
  readonly portName: string;
}

function nftServiceBase(port: ServicePortParts, protocol: string): string {
  return hashAndTruncate(`${namespacedName(port)}/${protocol.toLowerCase()}/${port.portName}`);
}

function nftEndpointBase(port: ServicePortParts, protocol: string, endpoint: string): string {
  const colon = endpoint.lastIndexOf(":");
  // net.SplitHostPort drops an IPv6 address's brackets; its colons are not allowed in a chain name, so
  // servicePortEndpointChainNameBase writes them as dots
  const host = endpoint.slice(0, colon);
  const ip = host.startsWith("[") ? host.slice(1, -1).replaceAll(":", ".") : host;
  const endpointPort = endpoint.slice(colon + 1);
  return hashAndTruncate(`${namespacedName(port)}/${protocol.toLowerCase()}/${port.portName}__${ip}/${endpointPort}`);
}

/** nftables "service-<hash8>-ns/svc/proto/port": the Cluster policy chain. */
export function nftServiceChainName(port: ServicePortParts, protocol: string): string {
  return `service-${nftServiceBase(port, protocol)}`;
}

/** nftables "local-<hash8>-ns/svc/proto/port": the Local policy chain. */
export function nftLocalChainName(port: ServicePortParts, protocol: string): string {
  return `local-${nftServiceBase(port, protocol)}`;
}

/** nftables "external-<hash8>-ns/svc/proto/port". */
export function nftExternalChainName(port: ServicePortParts, protocol: string): string {
  return `external-${nftServiceBase(port, protocol)}`;
}

/** nftables "endpoint-<hash8>-ns/svc/proto/port__ip/port". */
export function nftEndpointChainName(port: ServicePortParts, protocol: string, endpoint: string): string {
  return `endpoint-${nftEndpointBase(port, protocol, endpoint)}`;
}

/** nftables "affinity-<hash8>-…": the per-endpoint set recording ClientIP affinity. */
export function nftAffinitySetName(port: ServicePortParts, protocol: string, endpoint: string): string {
  return `affinity-${nftEndpointBase(port, protocol, endpoint)}`;
}

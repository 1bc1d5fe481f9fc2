import { sha256Base32 } from "../hash";

/**
 * kube-proxy's chain names (pkg/proxy/iptables/proxier.go): iptables chain names must be ≤ 28 characters, so
 * per-service chains carry a 16-character hash: base32(SHA-256(servicePortName + protocol)), protocol lower-case.
 */
function portProtoHash(servicePortName: string, protocol: string): string {
  return sha256Base32(servicePortName + protocol.toLowerCase()).slice(0, 16);
}

/** KUBE-SVC-<hash>: the Service port's cluster-policy chain. */
export function servicePortChainName(servicePortName: string, protocol: string): string {
  return `KUBE-SVC-${portProtoHash(servicePortName, protocol)}`;
}

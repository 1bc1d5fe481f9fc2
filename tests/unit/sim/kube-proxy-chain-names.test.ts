// Known answers for kube-proxy's chain names: the public values in lib/sim/README.md "kube-proxy", the values in upstream
// kube-proxy's tests (pkg/proxy/iptables/proxier_test.go TestOverallIPTablesRules, pkg/proxy/nftables comments)
// and the seed question's trace.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256Base32 } from "../../../lib/sim/hash";
import {
  nftEndpointChainName,
  nftServiceChainName,
  portProtoHash,
  serviceExternalChainName,
  serviceFirewallChainName,
  serviceLocalChainName,
  servicePortChainName,
  servicePortEndpointChainName,
} from "../../../lib/sim/kube-proxy";

describe("iptables chain names (portProtoHash)", () => {
  it.each([
    ["ns1/svc1:p80", "tcp", "KUBE-SVC-XPGD46QRK7WJZT7O"],
    ["kube-system/kube-dns:dns", "udp", "KUBE-SVC-TCOU7JCQXEZGVUNU"],
    ["ns2/svc2:p80", "tcp", "KUBE-SVC-GNZBNJ2PO5MGZ6GT"],
    ["ns3/svc3:p80", "tcp", "KUBE-SVC-X27LE4BHSL4DOUIK"],
    ["ns4/svc4:p80", "tcp", "KUBE-SVC-4SW47YFZTEDKD3PK"],
    ["ns5/svc5:p80", "tcp", "KUBE-SVC-NUKIZ6OKUXPJNT4C"],
    ["app/bar:https", "tcp", "KUBE-SVC-5ZJGYN7BN7Z5DHZA"],
  ])("%s + %s → %s", (name, protocol, expected) => {
    expect(servicePortChainName(name, protocol)).toBe(expected);
  });

  it("lower-cases the protocol as kube-proxy does", () => {
    expect(servicePortChainName("ns1/svc1:p80", "TCP")).toBe("KUBE-SVC-XPGD46QRK7WJZT7O");
  });

  it("shares one hash between KUBE-SVC, KUBE-SVL, KUBE-EXT and KUBE-FW", () => {
    expect(serviceExternalChainName("ns5/svc5:p80", "tcp")).toBe("KUBE-EXT-NUKIZ6OKUXPJNT4C");
    expect(serviceFirewallChainName("ns5/svc5:p80", "tcp")).toBe("KUBE-FW-NUKIZ6OKUXPJNT4C");
    expect(serviceExternalChainName("ns2/svc2:p80", "tcp")).toBe("KUBE-EXT-GNZBNJ2PO5MGZ6GT");
    expect(serviceLocalChainName("ns2/svc2:p80", "tcp")).toBe("KUBE-SVL-GNZBNJ2PO5MGZ6GT");
  });

  it("keeps every name within iptables' 28 characters", () => {
    expect(servicePortChainName("a-very-long-namespace-name/and-a-long-service-name:port", "sctp").length).toBe(25);
    expect(serviceFirewallChainName("x/y", "udp").length).toBeLessThanOrEqual(28);
  });
});

describe("KUBE-SEP names hash servicePortName + protocol + ip:port", () => {
  it.each([
    ["ns1/svc1:p80", "10.180.0.1:80", "KUBE-SEP-SXIVWICOYRO3J4NJ"],
    ["ns2/svc2:p80", "10.180.0.2:80", "KUBE-SEP-RS4RBKLTHTF2IUXJ"],
    ["ns3/svc3:p80", "10.180.0.3:80", "KUBE-SEP-OYPFS5VJICHGATKP"],
    ["ns4/svc4:p80", "10.180.0.4:80", "KUBE-SEP-UKSFD7AGPMPPLUHC"],
    ["ns4/svc4:p80", "10.180.0.5:80", "KUBE-SEP-C6EBXVWJJZMIWKLZ"],
    ["ns5/svc5:p80", "10.180.0.3:80", "KUBE-SEP-I77PXRDZVX7PMWMN"],
    ["app/bar:https", "10.244.2.7:8443", "KUBE-SEP-IOL2EBIPX7COWDSM"],
  ])("%s %s → %s", (name, endpoint, expected) => {
    expect(servicePortEndpointChainName(name, "tcp", endpoint)).toBe(expected);
  });

  it("differs per Service port for the same endpoint", () => {
    expect(servicePortEndpointChainName("ns3/svc3:p80", "tcp", "10.180.0.3:80")).not.toBe(
      servicePortEndpointChainName("ns5/svc5:p80", "tcp", "10.180.0.3:80"),
    );
  });
});

describe("nftables chain names (hashAndTruncate)", () => {
  const svc1 = { namespace: "ns1", name: "svc1", portName: "p80" };
  it("service-<hash8>-ns/svc/proto/port", () => {
    expect(nftServiceChainName(svc1, "tcp")).toBe("service-ULMVA6XW-ns1/svc1/tcp/p80");
  });
  it("endpoint-<hash8>-ns/svc/proto/port__ip/port", () => {
    // pkg/proxy/nftables/proxier.go servicePortEndpointChainNameBase doc comment
    expect(nftEndpointChainName(svc1, "tcp", "10.180.0.1:80")).toBe(
      "endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80",
    );
  });
});

describe("portProtoHash is the first 16 characters of base32(SHA-256)", () => {
  it("agrees with the shared sha256Base32 for any name", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.constantFrom("tcp", "udp", "sctp"), (name, protocol) => {
        expect(portProtoHash(name, protocol)).toBe(sha256Base32(name + protocol).slice(0, 16));
      }),
      { numRuns: 200 },
    );
  });
});

// Known answers for kube-proxy's IPv6 IPVS proxier (pkg/proxy/ipvs/proxier.go, run per family by the
// MetaProxier). Text only: the kernel running the tests has no IPVS module. The forms are the tools' own:
// ipvsadm-save -n brackets IPv6 services and real servers (`-A -t [fd00:10:96::1]:443 -s rr`), `ipset save`
// writes IPv6 entries bare (`fd00:10:96::1,tcp:443`) in `family inet6` hash sets, and pkg/proxy/ipvs/ipset.go
// NewIPSet names the IPv6 proxier's sets "KUBE-6-…" (cut to 31 characters: KUBE-6-LOAD-BALANCER-SOURCE-CID).
import { describe, expect, it } from "vitest";
import { ipvsRules, traceScenario, validateScenario, type Scenario, type ScenarioInput } from "../../../lib/sim";
import { dualStackInput } from "./seed-variants";

function valid(input: ScenarioInput): Scenario {
  const result = validateScenario(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

/** The dual-stack seed in IPVS mode: bar is PreferDualStack (fd00:10:96::1), its pods fd00:10:244:1::5 and :2::7. */
const dualIpvs = (change: (i: ScenarioInput) => void = () => {}) =>
  valid(
    dualStackInput((i) => {
      i.services[0]!.ipFamilyPolicy = "PreferDualStack";
      i.kubeProxy = { mode: "ipvs" };
      change(i);
    }, true),
  );

const lines = (text: string) => text.split("\n");

describe("ipvsadm-save, ipset save and ip6tables of the IPv6 IPVS proxier", () => {
  const text = ipvsRules(dualIpvs(), "node-1", "IPv6");

  it("a virtual server per IPv6 ClusterIP:port, its pods' IPv6 addresses as real servers, bracketed", () => {
    const ipvs = lines(text.slice(0, text.indexOf("\n\n")));
    expect(ipvs).toEqual([
      "# ipvsadm-save -n",
      "-A -t [fd00:10:96::1]:443 -s rr",
      "-a -t [fd00:10:96::1]:443 -r [fd00:10:244:1::5]:8443 -m -w 1",
      "-a -t [fd00:10:96::1]:443 -r [fd00:10:244:2::7]:8443 -m -w 1",
    ]);
    // kube-dns is IPv4-only: the IPv6 proxier has no virtual server for it; nodes have no IPv6 NodePort address
    expect(text).not.toContain("10.96.0.10");
    expect(text).not.toContain("192.168.0.11");
  });

  it("inet6 sets named KUBE-6-…, entries written bare", () => {
    expect(lines(text)).toEqual(
      expect.arrayContaining([
        "create KUBE-6-CLUSTER-IP hash:ip,port family inet6 hashsize 1024 maxelem 65536 comment",
        'add KUBE-6-CLUSTER-IP fd00:10:96::1,tcp:443 comment "Kubernetes service cluster ip + port for masquerade purpose"',
        "create KUBE-6-LOOP-BACK hash:ip,port,ip family inet6 hashsize 1024 maxelem 65536 comment",
        'add KUBE-6-LOOP-BACK fd00:10:244:1::5,tcp:8443,fd00:10:244:1::5 comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"',
        "create KUBE-6-LOAD-BALANCER-SOURCE-CID hash:ip,port,net family inet6 hashsize 1024 maxelem 65536 comment",
        "create KUBE-6-NODE-PORT-TCP bitmap:port range 0-65535 comment",
        "create KUBE-6-IPVS-IPS hash:ip family inet6 hashsize 1024 maxelem 65536 comment",
        'add KUBE-6-IPVS-IPS fd00:10:96::1 comment "IPVS service ip"',
      ]),
    );
    expect(text).not.toMatch(/KUBE-(?!6-)[A-Z-]+ (hash|bitmap):|--match-set KUBE-(?!6-)/);
    expect(text).not.toContain("family inet ");
  });

  it("ip6tables helper rules with the IPv6 cluster CIDR and sets, and the ClusterIP as a /128 on kube-ipvs0", () => {
    expect(text).toContain("# ip6tables-save (helper rules)");
    expect(lines(text)).toEqual(
      expect.arrayContaining([
        '-A KUBE-SERVICES ! -s fd00:10:244::/56 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-6-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ',
        '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-6-LOOP-BACK dst,dst,src -j MASQUERADE',
        "-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-6-IPVS-IPS dst -j REJECT",
        "# kube-ipvs0 (ip -6 addr)",
        "ip addr add fd00:10:96::1/128 dev kube-ipvs0",
      ]),
    );
  });

  it("leaves the IPv4 proxier's text as it was", () => {
    const v4 = ipvsRules(dualIpvs(), "node-1");
    expect(v4).toContain("-A -t 10.96.12.34:443 -s rr");
    expect(v4).toContain("create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536 comment");
    expect(v4).toContain("ip addr add 10.96.12.34/32 dev kube-ipvs0");
    expect(v4).not.toContain("KUBE-6-");
    expect(v4).not.toContain("fd00:");
  });
});

describe("the IPVS trace of an IPv6 connection", () => {
  it("kube-ipvs0 holds the IPv6 ClusterIP; rr picks an IPv6 real server; conntrack reverses the reply", () => {
    const trace = traceScenario(dualIpvs(), { seed: 3 });
    expect(trace.connection).toMatchObject({
      dst: "[fd00:10:96::1]:443",
      outcome: "established",
      snat: false,
      seenSource: expect.stringMatching(/^\[fd00:10:244:1::10\]:\d+$/),
    });
    expect(trace.proxy).toEqual({
      mode: "ipvs",
      chains: [],
      candidates: [
        { endpoint: "[fd00:10:244:1::5]:8443", probability: 0.5 },
        { endpoint: "[fd00:10:244:2::7]:8443", probability: 0.5 },
      ],
    });
    const service = trace.hops.find((h) => h.kind === "proxy.service");
    expect(service?.summary).toContain("fd00:10:96::1 is an address of the dummy interface kube-ipvs0");
    expect(service?.detail).toMatchObject({ virtualServer: "TCP [fd00:10:96::1]:443 rr" });
    expect(trace.hops.find((h) => h.kind === "conntrack.reverse")?.packet?.src).toBe("[fd00:10:96::1]:443");
  });

  it("a hairpin is masqueraded to cni0's IPv6 address through the KUBE-6-LOOP-BACK set", () => {
    const scenario = dualIpvs((i) => (i.request = { from: "app/bar-1", url: "https://bar/" }));
    const pinned = traceScenario(scenario, { seed: 3, endpoint: "[fd00:10:244:1::5]:8443" });
    if (!pinned.ok) throw new Error(JSON.stringify(pinned.errors));
    const masq = pinned.value.hops.find((h) => h.kind === "proxy.masquerade");
    expect(masq?.summary).toContain(
      "hairpin: the client is the chosen real server, listed in the KUBE-6-LOOP-BACK ipset",
    );
    expect(masq?.detail).toMatchObject({ sourceAddress: "fd00:10:244:1::1" });
    expect(masq?.packet?.src).toMatch(/^\[fd00:10:244:1::1\]:\d+$/);
    expect(pinned.value.connection?.snat).toBe(true);
  });

  it("an IPv4-only pod still connects over IPv4 in IPVS mode", () => {
    const trace = traceScenario(
      valid(
        dualStackInput((i) => {
          i.services[0]!.ipFamilyPolicy = "PreferDualStack";
          i.kubeProxy = { mode: "ipvs" };
        }, false),
      ),
      { seed: 3 },
    );
    expect(trace.connection?.dst).toBe("10.96.12.34:443");
  });
});

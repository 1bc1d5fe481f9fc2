// Routing to the backend and back (lib/sim/README.md "Getting to the node and back"), per CNI mode, and conntrack's reverse translation.
import { describe, expect, it } from "vitest";
import { proxyConnection, type ProxyDecision } from "../../../lib/sim/kube-proxy";
import { seededRandom } from "../../../lib/sim/random";
import { forwardHops, returnHops } from "../../../lib/sim/routing";
import type { Packet } from "../../../lib/sim/types";
import { NODE_1, fromHost, fromPod, seedLike } from "./kube-proxy-fixtures";

const packet: Packet = { src: "10.244.1.10:40000", dst: "10.244.2.7:8443", protocol: "tcp" };
const CNIS = ["vxlan", "host-gw", "bgp", "cloud-routes"] as const;

describe("forwardHops", () => {
  it.each(CNIS)("same node under %s: no encapsulation, then pod.receive", (mode) => {
    const scenario = seedLike({ cni: { mode } });
    const local: Packet = { ...packet, dst: "10.244.1.5:8443" };
    const hops = forwardHops(scenario, { packet: local, fromNode: "node-1", toNode: "node-1", toPod: "app/bar-1" });
    expect(hops.map((h) => h.kind)).toEqual(["net.route", "pod.receive"]);
    expect(hops[0]?.detail["sameNode"]).toBe(true);
    expect(hops[0]?.detail["encapsulation"]).toBeNull();
    expect(hops[0]?.summary).toMatch(/^Same node/);
    expect(hops[1]?.at).toBe("pod app/bar-1");
    for (const hop of hops) expect(hop.packet).toEqual(local);
  });

  it("vxlan: wraps the packet in UDP 8472, VNI 1, between the node IPs", () => {
    const hops = forwardHops(seedLike(), { packet, fromNode: "node-1", toNode: "node-2", toPod: "app/bar-2" });
    expect(hops[0]?.detail["encapsulation"]).toEqual({
      type: "vxlan",
      vni: 1,
      outer: { src: "192.168.0.11", dst: "192.168.0.12:8472", protocol: "udp" },
    });
    expect(hops[0]?.summary).toContain("flannel.1");
    expect(hops[0]?.packet).toEqual(packet);
  });

  it("host-gw: a plain route via the other node's IP", () => {
    const hops = forwardHops(seedLike({ cni: { mode: "host-gw" } }), {
      packet,
      fromNode: "node-1",
      toNode: "node-2",
      toPod: "app/bar-2",
    });
    expect(hops[0]?.detail["route"]).toBe("10.244.2.0/24 via 192.168.0.12 dev eth0");
    expect(hops[0]?.detail["encapsulation"]).toBeNull();
  });

  it("bgp: a route learned over BGP (Calico)", () => {
    const hops = forwardHops(seedLike({ cni: { mode: "bgp" } }), {
      packet,
      fromNode: "node-1",
      toNode: "node-2",
      toPod: "app/bar-2",
    });
    expect(hops[0]?.summary).toContain("BGP");
    expect(hops[0]?.detail["route"]).toBe("10.244.2.0/24 via 192.168.0.12 dev eth0 proto bird");
  });

  it("cloud-routes: the VPC route table maps the pod CIDR to the node", () => {
    const hops = forwardHops(seedLike({ cni: { mode: "cloud-routes" } }), {
      packet,
      fromNode: "node-1",
      toNode: "node-2",
      toPod: "app/bar-2",
    });
    expect(hops[0]?.summary).toContain("VPC route table");
    expect(hops[0]?.detail["route"]).toBe("VPC route table: 10.244.2.0/24 → node-2");
  });

  it("says the backend sees the client pod's own IP when nothing was masqueraded", () => {
    const hops = forwardHops(seedLike(), { packet, fromNode: "node-1", toNode: "node-2", toPod: "app/bar-2" });
    expect(hops[1]?.summary).toContain("app/foo's own address");
  });
});

function decisionTo(backend: string, run: (seed: number) => ProxyDecision): ProxyDecision {
  for (let s = 0; s < 100; s++) {
    const d = run(s);
    if (d.dnatTo === backend) return d;
  }
  throw new Error(`no seed reaches ${backend}`);
}

describe("returnHops", () => {
  const scenario = seedLike();

  it("reply, route back, then conntrack rewrites the source back to ClusterIP:port", () => {
    const d = decisionTo("10.244.2.7:8443", (s) =>
      proxyConnection(scenario, fromPod("10.244.1.10", "node-1", "10.96.12.34", 443), seededRandom(s)),
    );
    const reply: Packet = { src: "10.244.2.7:8443", dst: "10.244.1.10:40000", protocol: "tcp" };
    const hops = returnHops(scenario, {
      reply,
      fromNode: "node-2",
      toNode: "node-1",
      decision: d,
      clientPod: "app/foo",
    });
    expect(hops.map((h) => h.kind)).toEqual(["pod.reply", "net.route-back", "conntrack.reverse"]);
    expect(hops[0]?.at).toBe("pod app/bar-2");
    expect(hops[0]?.packet).toEqual(reply);
    expect(hops[1]?.detail["encapsulation"]).toMatchObject({
      outer: { src: "192.168.0.12", dst: "192.168.0.11:8472" },
    });
    expect(hops[2]?.at).toBe("node node-1");
    expect(hops[2]?.packet).toEqual({ src: "10.96.12.34:443", dst: "10.244.1.10:40000", protocol: "tcp" });
    expect(hops[2]?.detail["snat"]).toBeNull();
  });

  it("undoes the masquerade of a hostNetwork client", () => {
    const d = decisionTo("10.244.2.7:8443", (s) =>
      proxyConnection(scenario, fromHost(NODE_1, "10.96.12.34", 443), seededRandom(s)),
    );
    expect(d.masquerade).toBe(true);
    const reply: Packet = { src: "10.244.2.7:8443", dst: d.packetAfterNat.src, protocol: "tcp" };
    const hops = returnHops(scenario, {
      reply,
      fromNode: "node-2",
      toNode: "node-1",
      decision: d,
      clientPod: "kube-system/node-agent",
    });
    expect(hops[2]?.packet).toEqual({ src: "10.96.12.34:443", dst: "192.168.0.11:40000", protocol: "tcp" });
    expect(hops[2]?.detail["snat"]).toEqual({ from: "10.244.1.0:40000", to: "192.168.0.11:40000" });
    expect(hops[2]?.summary).toContain("masquerade is undone");
  });

  it("hairpin: the reply comes back through the same bridge port and conntrack restores both addresses", () => {
    const d = decisionTo("10.244.1.5:8443", (s) =>
      proxyConnection(scenario, fromPod("10.244.1.5", "node-1", "10.96.12.34", 443), seededRandom(s)),
    );
    const reply: Packet = { src: "10.244.1.5:8443", dst: d.packetAfterNat.src, protocol: "tcp" };
    const hops = returnHops(scenario, {
      reply,
      fromNode: "node-1",
      toNode: "node-1",
      decision: d,
      clientPod: "app/bar-1",
    });
    expect(hops[1]?.summary).toContain("Hairpin");
    expect(hops[2]?.packet).toEqual({ src: "10.96.12.34:443", dst: "10.244.1.5:40000", protocol: "tcp" });
  });

  it("a connection straight to a pod IP (headless) has no conntrack.reverse hop", () => {
    const d = proxyConnection(scenario, fromPod("10.244.1.10", "node-1", "10.244.2.7", 8443), seededRandom(1));
    const reply: Packet = { src: "10.244.2.7:8443", dst: "10.244.1.10:40000", protocol: "tcp" };
    const hops = returnHops(scenario, {
      reply,
      fromNode: "node-2",
      toNode: "node-1",
      decision: d,
      clientPod: "app/foo",
    });
    expect(hops.map((h) => h.kind)).toEqual(["pod.reply", "net.route-back"]);
    expect(hops[0]?.at).toBe("pod app/bar-2");
    expect(hops[1]?.summary).toContain("No NAT to undo");
  });
});

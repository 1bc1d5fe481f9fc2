import { describe, expect, it } from "vitest";
import { renderResolvConf, resolvConfFor } from "../../../lib/sim";
import { podIn, podOf, seedVariant } from "./seed-variants";

// lib/sim/README.md "The pod's resolv.conf" (kubelet pkg/kubelet/network/dns/dns.go)
describe("resolvConfFor", () => {
  it("writes the seed pod's cluster config (with the node search domain)", () => {
    const scenario = seedVariant((s) => {
      for (const node of s.nodes) node.searchDomains = ["us-east-2.compute.internal"];
    });
    const conf = resolvConfFor(scenario, podOf(scenario, "app/foo"));
    expect(renderResolvConf(conf)).toBe(
      "search app.svc.cluster.local svc.cluster.local cluster.local us-east-2.compute.internal\n" +
        "nameserver 10.96.0.10\n" +
        "options ndots:5\n",
    );
  });

  it("drops the node's nameservers and keeps its search domains after the cluster ones, without duplicates", () => {
    const scenario = seedVariant((s) => {
      s.nodes[0]!.nameservers = ["10.0.0.2", "10.0.0.3"];
      s.nodes[0]!.searchDomains = ["cluster.local", "corp.example"];
    });
    const conf = resolvConfFor(scenario, podOf(scenario, "app/foo"));
    expect(conf.nameservers).toEqual(["10.96.0.10"]);
    expect(conf.search).toEqual(["app.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example"]);
    expect(conf.options).toEqual(["ndots:5"]);
  });

  const nodeConf = { nameservers: ["169.254.169.253"], search: ["us-east-2.compute.internal"], options: [] };
  const table: {
    name: string;
    hostNetwork: boolean;
    dnsPolicy: "ClusterFirst" | "ClusterFirstWithHostNet" | "Default";
    cluster: boolean;
  }[] = [
    { name: "ClusterFirst pod → cluster config", hostNetwork: false, dnsPolicy: "ClusterFirst", cluster: true },
    {
      name: "ClusterFirst hostNetwork pod → falls back to the node's config",
      hostNetwork: true,
      dnsPolicy: "ClusterFirst",
      cluster: false,
    },
    {
      name: "ClusterFirstWithHostNet hostNetwork pod → cluster config",
      hostNetwork: true,
      dnsPolicy: "ClusterFirstWithHostNet",
      cluster: true,
    },
    {
      name: "ClusterFirstWithHostNet ordinary pod → cluster config",
      hostNetwork: false,
      dnsPolicy: "ClusterFirstWithHostNet",
      cluster: true,
    },
    { name: "Default → the node's resolv.conf as is", hostNetwork: false, dnsPolicy: "Default", cluster: false },
  ];
  for (const row of table) {
    it(row.name, () => {
      const scenario = seedVariant((s) => {
        s.nodes[0]!.searchDomains = ["us-east-2.compute.internal"];
        const foo = podIn(s, "foo");
        foo.hostNetwork = row.hostNetwork;
        if (row.hostNetwork) foo.ip = s.nodes[0]!.ip;
        foo.dnsPolicy = row.dnsPolicy;
      });
      const conf = resolvConfFor(scenario, podOf(scenario, "app/foo"));
      if (row.cluster) {
        expect(conf.nameservers).toEqual(["10.96.0.10"]);
        expect(conf.search[0]).toBe("app.svc.cluster.local");
        expect(conf.options).toEqual(["ndots:5"]);
      } else {
        expect(conf).toEqual(nodeConf);
      }
    });
  }

  it("None: only dnsConfig contributes", () => {
    const scenario = seedVariant((s) => {
      const foo = podIn(s, "foo");
      foo.dnsPolicy = "None";
      foo.dnsConfig = { nameservers: ["1.1.1.1"], searches: ["example.org"], options: [{ name: "ndots", value: "2" }] };
    });
    const conf = resolvConfFor(scenario, podOf(scenario, "app/foo"));
    expect(conf).toEqual({ nameservers: ["1.1.1.1"], search: ["example.org"], options: ["ndots:2"] });
  });

  it("dnsConfig appends nameservers and searches (de-duplicated) and its options win by name", () => {
    const scenario = seedVariant((s) => {
      podIn(s, "foo").dnsConfig = {
        nameservers: ["10.96.0.10", "8.8.8.8"],
        searches: ["svc.cluster.local", "corp.example"],
        options: [{ name: "ndots", value: "2" }, { name: "single-request-reopen" }],
      };
    });
    const conf = resolvConfFor(scenario, podOf(scenario, "app/foo"));
    expect(conf.nameservers).toEqual(["10.96.0.10", "8.8.8.8"]);
    expect(conf.search).toEqual(["app.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example"]);
    expect([...conf.options].sort()).toEqual(["ndots:2", "single-request-reopen"]);
  });

  describe("kubelet limits", () => {
    it("keeps at most 3 nameservers", () => {
      const scenario = seedVariant((s) => {
        podIn(s, "foo").dnsConfig = { nameservers: ["1.1.1.1", "8.8.8.8", "9.9.9.9"] };
      });
      expect(resolvConfFor(scenario, podOf(scenario, "app/foo")).nameservers).toEqual([
        "10.96.0.10",
        "1.1.1.1",
        "8.8.8.8",
      ]);
    });

    it("keeps at most 32 search domains", () => {
      const searches = Array.from({ length: 32 }, (_, i) => `d${i}.example`);
      const scenario = seedVariant((s) => {
        podIn(s, "foo").dnsConfig = { searches };
      });
      const conf = resolvConfFor(scenario, podOf(scenario, "app/foo"));
      expect(conf.search).toHaveLength(32);
      expect(conf.search.slice(0, 3)).toEqual(["app.svc.cluster.local", "svc.cluster.local", "cluster.local"]);
      expect(conf.search.at(-1)).toBe("d28.example");
    });

    it("drops a single search entry longer than 253 characters", () => {
      const long = `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.${"e".repeat(20)}`; // 284
      const scenario = seedVariant((s) => {
        podIn(s, "foo").dnsConfig = { searches: [long, "ok.example"] };
      });
      expect(resolvConfFor(scenario, podOf(scenario, "app/foo")).search).toEqual([
        "app.svc.cluster.local",
        "svc.cluster.local",
        "cluster.local",
        "ok.example",
      ]);
    });

    it("drops entries from the end until the search line fits 2048 characters", () => {
      const entry = (i: number): string => `${String(i).padStart(2, "0")}${"x".repeat(97)}.example`; // 107 chars
      const searches = Array.from({ length: 25 }, (_, i) => entry(i));
      const scenario = seedVariant((s) => {
        podIn(s, "foo").dnsConfig = { searches };
      });
      const conf = resolvConfFor(scenario, podOf(scenario, "app/foo"));
      const line = conf.search.join(" ");
      expect(line.length).toBeLessThanOrEqual(2048);
      // 3 cluster domains (52 chars incl. spaces) + n × 108 − 1 ≤ 2048 → n = 18
      expect(conf.search).toHaveLength(3 + 18);
      expect(conf.search.at(-1)).toBe(entry(17));
    });
  });
});

import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../lib/cli/main";
import type { CliIo } from "../../../lib/cli/io";
import { SEED_SCENARIO, validateScenario } from "../../../lib/sim";
import { dualStackInput } from "../sim/seed-variants";

const BIN = path.resolve(import.meta.dirname, "../../../lib/cli/hopdrill.mjs");

function hopdrill(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** In-process run with files from a table. */
async function run(
  argv: string[],
  files: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readFile: async (p) => {
      const text = files[p];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
      return text;
    },
    readStdin: async () => "",
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const NO_STACK = /\n\s+at .+\(.+:\d+:\d+\)/;

describe("hopdrill (spawned)", () => {
  it("trace --scenario seed prints the seed trace as JSON", () => {
    const { code, stdout, stderr } = hopdrill("trace", "--scenario", "seed");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const trace = JSON.parse(stdout);
    expect(trace.dns.queries[0].name).toBe("bar.app.svc.cluster.local.");
    expect(trace.connection.dst).toBe("10.96.12.34:443");
    expect(trace.hops[0].kind).toBe("app.request");
  });

  it("bad scenario file → exit 2, field paths on stderr, no stack trace", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hopdrill-"));
    const file = path.join(dir, "bad.json");
    const input = structuredClone(SEED_SCENARIO);
    input.pods[1]!.ip = "10.9.9.9";
    writeFileSync(file, JSON.stringify(input));
    const { code, stdout, stderr } = hopdrill("trace", "--scenario", file);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("pods.1.ip");
    expect(stderr).not.toMatch(NO_STACK);
  });

  it("generate --seed N is valid scenario JSON, the same every run", async () => {
    const a = hopdrill("generate", "--seed", "42", "--difficulty", "hard");
    const b = await run(["generate", "--seed", "42", "--difficulty", "hard"]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(validateScenario(JSON.parse(a.stdout)).ok).toBe(true);
  });

  it("generate --client outside draws a client outside the cluster; pod is the default", async () => {
    const outside = await run(["generate", "--seed", "7", "--difficulty", "medium", "--client", "outside"]);
    expect(outside.code).toBe(0);
    expect(JSON.parse(outside.stdout).request.from).toMatch(/^external\//);
    const pod = await run(["generate", "--seed", "7", "--difficulty", "medium", "--client", "pod"]);
    expect(pod.stdout).toBe((await run(["generate", "--seed", "7", "--difficulty", "medium"])).stdout);
  });

  it("generate --extended draws the later variants (a dual-stack cluster for some seed); without it, never", async () => {
    let dual = 0;
    for (let seed = 0; seed < 30; seed++) {
      const plain = JSON.parse((await run(["generate", "--seed", String(seed), "--difficulty", "medium"])).stdout);
      expect(plain.serviceCIDRs).toBeUndefined();
      const out = await run(["generate", "--seed", String(seed), "--difficulty", "medium", "--extended"]);
      expect(out.code).toBe(0);
      const extended = JSON.parse(out.stdout);
      expect(validateScenario(extended).ok).toBe(true);
      if (extended.serviceCIDRs?.[1] === "fd00:10:96::/112") dual++;
    }
    expect(dual).toBeGreaterThan(0);
  });

  it("--help on a command exits 0 with usage", () => {
    const { code, stdout } = hopdrill("iptables", "--help");
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: hopdrill iptables");
  });
});

describe("hopdrill commands (in-process)", () => {
  it("resolv prints the pod's resolv.conf", async () => {
    const { code, stdout } = await run(["resolv", "--scenario", "seed", "--pod", "app/foo"]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      "search app.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
    );
  });

  it("corefile prints kubeadm's Corefile with the scenario's options and stub domains", async () => {
    const input = structuredClone(SEED_SCENARIO);
    input.dns = {
      ...input.dns,
      coredns: { pods: "verified", corefile: { autopath: true, stubDomains: { "example.corp": ["10.0.0.53"] } } },
    };
    const { code, stdout } = await run(["corefile", "--scenario", "s.json"], { "s.json": JSON.stringify(input) });
    expect(code).toBe(0);
    expect(stdout).toContain(
      "    ready\n    autopath @kubernetes\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods verified\n",
    );
    expect(stdout).toContain("    forward . /etc/resolv.conf {\n");
    expect(stdout.endsWith("example.corp:53 {\n    errors\n    cache 30\n    forward . 10.0.0.53\n}\n")).toBe(true);
  });

  it("corefile reports autopath without pods verified by field path → exit 2", async () => {
    const input = structuredClone(SEED_SCENARIO);
    input.dns = { ...input.dns, coredns: { corefile: { autopath: true } } };
    const { code, stderr } = await run(["corefile", "--scenario", "s.json"], { "s.json": JSON.stringify(input) });
    expect(code).toBe(2);
    expect(stderr).toContain("dns.coredns.corefile.autopath");
  });

  it("resolv for an unknown pod → exit 2", async () => {
    const { code, stderr } = await run(["resolv", "--scenario", "seed", "--pod", "app/nope"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--pod");
  });

  it("iptables prints *filter and *nat sections", async () => {
    const { code, stdout } = await run(["iptables", "--scenario", "seed", "--node", "node-1"]);
    expect(code).toBe(0);
    expect(stdout).toContain("*filter");
    expect(stdout).toContain("*nat");
    expect(stdout).toContain("KUBE-SVC-TCOU7JCQXEZGVUNU");
    expect(stdout.trimEnd().endsWith("COMMIT")).toBe(true);
  });

  it("iptables for an unknown node → exit 2", async () => {
    const { code, stderr } = await run(["iptables", "--scenario", "seed", "--node", "node-9"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--node");
  });

  it("trace reads YAML files and honours --seed", async () => {
    const yaml = [
      "nodes:",
      "  - { name: n1, ip: 192.168.1.1, podCIDR: 10.244.1.0/24 }",
      "pods:",
      "  - { namespace: app, name: foo, node: n1, ip: 10.244.1.10 }",
      "  - { namespace: app, name: bar-1, node: n1, ip: 10.244.1.11, labels: { app: bar } }",
      "services:",
      "  - { namespace: app, name: bar, clusterIP: 10.96.1.1, selector: { app: bar }, ports: [{ port: 80 }] }",
      "request: { from: app/foo, url: 'http://bar/' }",
    ].join("\n");
    const a = await run(["trace", "--scenario", "s.yaml", "--seed", "5"], { "s.yaml": yaml });
    const b = await run(["trace", "--scenario", "s.yaml", "--seed", "5"], { "s.yaml": yaml });
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).connection.backend).toBe("10.244.1.11:80");
  });

  it("trace --endpoint prints the path through that endpoint, DNS and ports as --seed makes them", async () => {
    const free = JSON.parse((await run(["trace", "--scenario", "seed", "--seed", "3"])).stdout);
    for (const endpoint of ["10.244.1.5:8443", "10.244.2.7:8443"]) {
      const { code, stdout, stderr } = await run([
        "trace",
        "--scenario",
        "seed",
        "--seed",
        "3",
        "--endpoint",
        endpoint,
      ]);
      expect(code).toBe(0);
      expect(stderr).toBe("");
      const trace = JSON.parse(stdout);
      expect(trace.connection.backend).toBe(endpoint);
      expect(trace.connection.backendNode).toBe(endpoint === "10.244.1.5:8443" ? "node-1" : "node-2");
      expect(trace.dns).toEqual(free.dns);
      expect(trace.proxy.candidates).toEqual(free.proxy.candidates);
      expect(Object.keys(trace)).toEqual(Object.keys(free));
    }
  });

  const bad: { name: string; argv: string[]; files?: Record<string, string>; mention: string }[] = [
    {
      name: "--endpoint that is no candidate",
      argv: ["trace", "--scenario", "seed", "--endpoint", "10.244.9.9:8443"],
      mention: "--endpoint: 10.244.9.9:8443 is not an endpoint kube-proxy can choose for 10.96.12.34:443",
    },
    { name: "missing --scenario", argv: ["trace"], mention: "--scenario" },
    { name: "unreadable file", argv: ["trace", "--scenario", "nope.json"], mention: "nope.json" },
    {
      name: "not JSON or YAML",
      argv: ["trace", "--scenario", "x.json"],
      files: { "x.json": "{ nodes: [" },
      mention: "JSON or YAML",
    },
    {
      name: "shape error",
      argv: ["trace", "--scenario", "x.json"],
      files: {
        "x.json": '{"nodes": [], "pods": [], "services": [], "request": {"from": "app/foo", "url": "http://x/"}}',
      },
      mention: "nodes",
    },
    { name: "non-integer --seed", argv: ["trace", "--scenario", "seed", "--seed", "abc"], mention: "--seed" },
    { name: "unknown option", argv: ["trace", "--scenario", "seed", "--frobnicate"], mention: "frobnicate" },
    { name: "bad difficulty", argv: ["generate", "--seed", "1", "--difficulty", "insane"], mention: "--difficulty" },
    { name: "generate without --seed", argv: ["generate"], mention: "--seed" },
    { name: "bad client", argv: ["generate", "--seed", "1", "--client", "node"], mention: "--client" },
    { name: "unknown command", argv: ["explode"], mention: "explode" },
  ];
  for (const row of bad) {
    it(`bad input: ${row.name} → exit 2, no stack trace`, async () => {
      const { code, stdout, stderr } = await run(row.argv, row.files);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain(row.mention);
      expect(stderr).not.toMatch(NO_STACK);
    });
  }

  it("--help on every command", async () => {
    for (const command of ["trace", "iptables", "resolv", "generate"]) {
      const { code, stdout } = await run([command, "--help"]);
      expect(code).toBe(0);
      expect(stdout).toContain(`hopdrill ${command}`);
    }
  });
});

describe("hopdrill iptables --family", () => {
  const file = {
    "dual.json": JSON.stringify(dualStackInput((i) => (i.services[0]!.ipFamilyPolicy = "PreferDualStack"), true)),
  };

  it("--family ipv6 prints the ip6tables rules; ipv4 (the default) the iptables ones", async () => {
    const v6 = await run(["iptables", "--scenario", "dual.json", "--family", "ipv6"], file);
    expect([v6.code, v6.stderr]).toEqual([0, ""]);
    expect(v6.stdout).toContain("-d fd00:10:96::1 --dport 443");
    const v4 = await run(["iptables", "--scenario", "dual.json", "--family", "ipv4"], file);
    expect(v4.stdout).toBe((await run(["iptables", "--scenario", "dual.json"], file)).stdout);
    expect(v4.stdout).toContain("-d 10.96.12.34 --dport 443");
    const rules = await run(["rules", "--scenario", "dual.json", "--mode", "iptables", "--family", "ipv6"], file);
    expect(rules.stdout).toBe(v6.stdout);
    // IPVS: the IPv6 proxier's virtual server, bracketed as ipvsadm-save -n writes it
    const ipvs = await run(["rules", "--scenario", "dual.json", "--mode", "ipvs", "--family", "ipv6"], file);
    expect([ipvs.code, ipvs.stderr]).toEqual([0, ""]);
    expect(ipvs.stdout).toContain("-A -t [fd00:10:96::1]:443 -s rr");
  });

  it.each([
    [["iptables", "--scenario", "seed", "--family", "ipv6"], "the scenario is IPv4-only"],
    [["iptables", "--scenario", "dual.json", "--family", "ipv5"], '--family: must be ipv4 or ipv6, got "ipv5"'],
    [["rules", "--scenario", "seed", "--mode", "ipvs", "--family", "ipv6"], "the scenario is IPv4-only"],
  ])("%j → exit 2 (%s)", async (argv, message) => {
    const result = await run(argv, file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe("");
  });
});

/**
 * Simulation benchmark: `npm run bench:sim`.
 *  1. median µs per trace of the seed scenario (target ≤ 50 µs)
 *  2. median µs for every path of the seed scenario (tracePaths: 2 endpoints), and its ratio to one trace
 *     (the DNS part is shared, so well under 2×)
 *  3. iptables rule generation for 1k / 5k / 10k Services × 10 endpoints (target ≤ 250 ms for 1k, linear)
 *  4. generate + validate + trace for 10,000 seeds with zero errors
 */
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import {
  generateScenario,
  iptablesRestore,
  seedScenario,
  traceScenario,
  tracePaths,
  validateScenario,
  type Difficulty,
  type Scenario,
} from "../../lib/sim";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median and best µs per call of `run(seed)` over 60 batches of 200, after a warm-up. */
function benchPerCall(run: (seed: number) => unknown): { median: number; best: number } {
  let seed = 0;
  for (let i = 0; i < 3000; i++) run(seed++); // warm-up (JIT, caches)
  const batch = 200;
  const perCall: number[] = [];
  for (let round = 0; round < 60; round++) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) run(seed++);
    perCall.push(((performance.now() - start) * 1000) / batch);
  }
  return { median: median(perCall), best: Math.min(...perCall) };
}

/** The s-th Service address in 172.16.0.0/12, after the first 256 (kube-dns lives at 172.16.0.10). */
function serviceIP(s: number): string {
  const value = 256 + s;
  return `172.${16 + Math.floor(value / 65536)}.${Math.floor(value / 256) % 256}.${value % 256}`;
}

/** A normalised scenario with `services` ClusterIP Services of `endpoints` ready pods each, spread over nodes. */
function bigCluster(services: number, endpoints: number): Scenario {
  const podsPerNode = 4000;
  const totalPods = services * endpoints;
  const nodeCount = Math.max(1, Math.ceil(totalPods / podsPerNode));
  // pod CIDRs: 10.<n>.<..>.0/20 inside 10.0.0.0/8; Services in 172.16.0.0/12
  const nodes = Array.from({ length: nodeCount }, (_, n) => ({
    name: `node-${n + 1}`,
    ip: `192.168.${Math.floor(n / 250)}.${(n % 250) + 1}`,
    podCIDR: `10.${Math.floor(n / 16) + 1}.${(n % 16) * 16}.0/20`,
    podCIDRs: [],
    labels: {},
    searchDomains: [],
    nameservers: ["169.254.169.253"],
  }));
  const podDefaults = {
    ready: true,
    terminating: false,
    hostNetwork: false,
    dnsPolicy: "ClusterFirst" as const,
    dnsConfig: null,
    resolver: "glibc" as const,
    hostname: null,
    subdomain: null,
    hostAliases: [],
    setHostnameAsFQDN: false,
    containerPorts: [],
    podIPs: [],
  };
  const pods: Scenario["pods"][number][] = [];
  const svcs: Scenario["services"][number][] = [];
  let podIndex = 0;
  for (let s = 0; s < services; s++) {
    const ns = `ns${s % 50}`;
    const name = `svc-${s}`;
    svcs.push({
      namespace: ns,
      name,
      type: "ClusterIP",
      clusterIP: serviceIP(s),
      clusterIPs: [serviceIP(s)],
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      selector: { app: name },
      ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP", nodePort: null }],
      externalName: null,
      sessionAffinity: "None",
      sessionAffinityTimeoutSeconds: 10800,
      internalTrafficPolicy: "Cluster",
      externalTrafficPolicy: "Cluster",
      trafficDistribution: null,
      publishNotReadyAddresses: false,
      externalIPs: [],
      loadBalancerSourceRanges: [],
      healthCheckNodePort: null,
      status: { loadBalancer: { ingress: [] } },
    });
    for (let e = 0; e < endpoints; e++) {
      const n = Math.floor(podIndex / podsPerNode);
      const offset = (podIndex % podsPerNode) + 2;
      const node = nodes[n]!;
      const [a, b, c] = node.podCIDR.split(".");
      const ip = `${a}.${b}.${Number(c) + Math.floor(offset / 256)}.${offset % 256}`;
      pods.push({ ...podDefaults, namespace: ns, name: `${name}-${e}`, node: node.name, ip, labels: { app: name } });
      podIndex++;
    }
  }
  return {
    clusterDomain: "cluster.local",
    clusterCIDR: "10.0.0.0/8",
    serviceCIDR: "172.16.0.0/12",
    clusterCIDRs: ["10.0.0.0/8"],
    serviceCIDRs: ["172.16.0.0/12"],
    kubeProxy: { mode: "iptables" },
    dns: {
      clusterDNS: "172.16.0.10",
      nodeLocalDNS: null,
      coredns: { pods: "insecure", ttl: 30, ignoreEmptyService: false, synced: true },
    },
    cni: { mode: "vxlan" },
    nodes,
    namespaces: ["default", "kube-system"],
    pods,
    services: svcs,
    externalDNS: {},
    request: { from: `${pods[0]!.namespace}/${pods[0]!.name}`, url: "http://svc-1.ns1/" },
  };
}

function benchRules(services: number): { ms: number; lines: number } {
  iptablesRestore(bigCluster(1000, 10), "node-1"); // warm-up (JIT) at a realistic size
  const runs: number[] = [];
  let lines = 0;
  for (let i = 0; i < 3; i++) {
    // a fresh scenario value each run: rules are cached per scenario object, and this measures generation
    const scenario = bigCluster(services, 10);
    const start = performance.now();
    const text = iptablesRestore(scenario, "node-1");
    runs.push(performance.now() - start);
    lines = text.split("\n").length;
  }
  return { ms: median(runs), lines };
}

function benchGenerated(count: number): { errors: number; ms: number; outcomes: Record<string, number> } {
  const difficulties: Difficulty[] = ["easy", "medium", "hard"];
  let errors = 0;
  const outcomes: Record<string, number> = {};
  const start = performance.now();
  for (let seed = 0; seed < count; seed++) {
    const difficulty = difficulties[seed % 3] as Difficulty;
    try {
      const result = validateScenario(generateScenario(seed, difficulty));
      if (!result.ok) {
        errors++;
        if (errors <= 3) console.error(`seed ${seed} (${difficulty}) invalid:`, result.errors);
        continue;
      }
      const trace = traceScenario(result.value, { seed });
      const key = trace.connection?.outcome ?? trace.dns.result.error ?? "none";
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    } catch (error) {
      errors++;
      if (errors <= 3) console.error(`seed ${seed} (${difficulty}) threw:`, error);
    }
  }
  return { errors, ms: performance.now() - start, outcomes };
}

// the machine may be shared: say how busy it was, since every figure below is wall-clock time
console.log(
  `load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")}`,
);
const seedCase = seedScenario();
const traceMicros = benchPerCall((n) => traceScenario(seedCase, { seed: n }));
console.log(
  `seed trace: median ${traceMicros.median.toFixed(1)} µs per trace (${Math.round(1e6 / traceMicros.median)} traces/s; best batch ${traceMicros.best.toFixed(1)} µs; target ≤ 50 µs)`,
);
const pathCount = tracePaths(seedCase, { seed: 1 }).length;
const pathsMicros = benchPerCall((n) => tracePaths(seedCase, { seed: n }));
console.log(
  `every path of the seed scenario (${pathCount} paths): median ${pathsMicros.median.toFixed(1)} µs (${(pathsMicros.median / traceMicros.median).toFixed(2)}× one trace; best batch ${pathsMicros.best.toFixed(1)} µs)`,
);

const rules: { services: number; ms: number; lines: number }[] = [];
for (const services of [1000, 5000, 10000]) {
  const { ms, lines } = benchRules(services);
  rules.push({ services, ms, lines });
  console.log(
    `iptables rules, ${services} Services × 10 endpoints: ${ms.toFixed(1)} ms (${lines} lines; ${((ms / services) * 1000).toFixed(1)} µs per Service)`,
  );
}
const base = rules[0]!;
console.log(
  `  linearity: 5k/1k = ${(rules[1]!.ms / base.ms).toFixed(2)} (ideal 5), 10k/1k = ${(rules[2]!.ms / base.ms).toFixed(2)} (ideal 10); target ≤ 250 ms for 1k`,
);

const generated = benchGenerated(10_000);
console.log(
  `generate + validate + trace, 10,000 seeds: ${generated.errors} errors in ${(generated.ms / 1000).toFixed(2)} s; outcomes ${JSON.stringify(generated.outcomes)}`,
);
if (generated.errors > 0) process.exitCode = 1;

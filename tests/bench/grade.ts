/**
 * Grader benchmark (`npm run bench:grade`). Budgets: a 300-word answer median ≤ 2 ms and
 * p99 ≤ 10 ms; a 20,000-character answer ≤ 50 ms. Exits 1 when a budget is missed.
 *
 * Each run records wall time and this process's CPU time. On a shared machine (load above the core count)
 * wall-clock tails measure the scheduler, not the grader, so the budget is then checked on CPU time and the
 * wall figures are printed alongside.
 */
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { gradeAnswer } from "../../lib/grade";
import { seedScenario, traceScenario } from "../../lib/sim";

const PARAGRAPH = `When foo calls https://bar/ the resolver reads /etc/resolv.conf, which kubelet wrote with nameserver
10.96.0.10, the search list app.svc.cluster.local svc.cluster.local cluster.local and ndots:5. Because bar has
no dots it is tried as bar.app.svc.cluster.local first, and the query goes to the kube-dns Service, which is
DNATed to one of the CoreDNS pods. CoreDNS does not return a pod IP: it answers with the ClusterIP 10.96.12.34.
foo opens a TCP connection to 10.96.12.34:443 and on node-1 the packet enters KUBE-SERVICES, jumps to the
KUBE-SVC chain, which picks one of the two endpoints at random, and the KUBE-SEP chain DNATs it to
10.244.2.7:8443 while conntrack records the mapping. The packet is routed over the VXLAN overlay to node-2,
bar-2 receives it and replies to 10.244.1.10, and back on node-1 conntrack rewrites the reply's source to
10.96.12.34:443 so foo accepts the response. kube-proxy never touches the packets; it only programs the rules.`;

function words(n: number): string {
  const all = PARAGRAPH.split(/\s+/);
  const out: string[] = [];
  while (out.length < n) out.push(...all);
  return out.slice(0, n).join(" ");
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Samples {
  readonly wall: number[];
  readonly cpu: number[];
}

function time(answer: string, runs: number, trace: ReturnType<typeof traceScenario>): Samples {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const result = gradeAnswer(answer, trace);
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
    if (!result.ok) throw new Error(result.message);
  }
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
}

const trace = traceScenario(seedScenario(), { seed: 1 });
const short = words(300);
const long = PARAGRAPH.repeat(Math.ceil(20_000 / PARAGRAPH.length)).slice(0, 20_000);

const coldStart = performance.now();
gradeAnswer(short, trace); // compiles and caches the trace's rubric
const cold = performance.now() - coldStart;
time(short, 200, trace); // warm-up
time(long, 10, trace);

const s = time(short, 2000, trace);
const l = time(long, 50, trace);
const load = loadavg()[0] ?? 0;
const cores = availableParallelism();
const contended = load > cores;
const fmt = (x: number | undefined) => (x ?? NaN).toFixed(3);
const line = (name: string, x: number[]) =>
  `${name} median ${fmt(percentile(x, 50))} ms  p99 ${fmt(percentile(x, 99))} ms  max ${fmt(x[x.length - 1])} ms`;
console.log(`grade bench (seed scenario, ${short.split(/\s+/).length} words / ${long.length} chars)`);
console.log(
  `  load average ${load.toFixed(2)} on ${cores} cores${contended ? " (contended: budgets checked on CPU time)" : ""}`,
);
console.log(`  first call (rubric compile): ${fmt(cold)} ms`);
console.log(`  300 words    ${line("wall", s.wall)}`);
console.log(`               ${line("cpu ", s.cpu)}   (budget median 2, p99 10)`);
console.log(`  20000 chars  ${line("wall", l.wall)}`);
console.log(`               ${line("cpu ", l.cpu)}   (budget 50)`);
const checked = contended ? { s: s.cpu, l: l.cpu } : { s: s.wall, l: l.wall };
const ok = percentile(checked.s, 50) <= 2 && percentile(checked.s, 99) <= 10 && percentile(checked.l, 99) <= 50;
if (!ok) {
  console.error("grade bench: over budget");
  process.exitCode = 1;
}

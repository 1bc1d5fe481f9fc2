/**
 * Grader benchmark (`npm run bench:grade`). Budgets: a 300-word answer median ≤ 3 ms and p99 ≤ 15 ms; a
 * 20,000-character answer ≤ 60 ms; grading against every valid path of the request ≤ 2× grading against one.
 * Exits 1 when a budget is missed.
 *
 * Each run records wall time and this process's CPU time. On a shared machine (load above the core count)
 * wall-clock tails measure the scheduler, not the grader, so the budget is then checked on CPU time and the
 * wall figures are printed alongside.
 */
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { gradeAnswer } from "../../lib/grade";
import { seedScenario, tracePaths, type Trace } from "../../lib/sim";

const PARAGRAPH = `When foo calls https://bar/ the resolver reads /etc/resolv.conf, which kubelet wrote with nameserver
10.96.0.10, the search list app.svc.cluster.local svc.cluster.local cluster.local and ndots:5. Because bar has
no dots it is tried as bar.app.svc.cluster.local first, and the query goes to the kube-dns Service, which is
DNATed to one of the CoreDNS pods. CoreDNS does not return a pod IP: it answers with the ClusterIP 10.96.12.34.
foo opens a TCP connection to 10.96.12.34:443 and on node-1 the packet enters KUBE-SERVICES, jumps to the
KUBE-SVC chain, which picks one of the two endpoints at random, and the KUBE-SEP chain DNATs it to
10.244.2.7:8443 while conntrack records the mapping. The packet is routed over the VXLAN overlay to node-2,
bar-2 receives it and replies to 10.244.1.10, and back on node-1 conntrack rewrites the reply's source to
10.96.12.34:443 so foo accepts the response. kube-proxy never touches the packets; it only programs the rules.`;

function words(n: number, offset = 0): string {
  const all = PARAGRAPH.split(/\s+/);
  const out: string[] = [];
  while (out.length < n + offset) out.push(...all);
  return out.slice(offset, offset + n).join(" ");
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Samples {
  readonly wall: number[];
  readonly cpu: number[];
}

/** Times `runs` gradings; `answers` rotate so no two consecutive runs grade the same text. */
function time(answers: readonly string[], runs: number, traces: Trace | readonly Trace[]): Samples {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const answer = answers[i % answers.length] ?? "";
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const result = gradeAnswer(answer, traces);
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
    if (!result.ok) throw new Error(result.message);
  }
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
}

const paths = tracePaths(seedScenario(), { seed: 1 });
const one = paths[0];
const shorts = Array.from({ length: 16 }, (_, k) => words(300, k * 7));
const long = PARAGRAPH.repeat(Math.ceil(20_000 / PARAGRAPH.length)).slice(0, 20_000);

const coldStart = performance.now();
gradeAnswer(shorts[0] ?? "", paths); // loads the tagger model, compiles and caches each path's rubric
const cold = performance.now() - coldStart;
time(shorts, 200, one); // warm-up
time(shorts, 200, paths);
time([long], 10, one);

const s = time(shorts, 2000, one);
const all = time(shorts, 2000, paths);
const l = time([long], 50, one);
const load = loadavg()[0] ?? 0;
const cores = availableParallelism();
const contended = load > cores;
const fmt = (x: number | undefined) => (x ?? NaN).toFixed(3);
const line = (name: string, x: number[]) =>
  `${name} median ${fmt(percentile(x, 50))} ms  p99 ${fmt(percentile(x, 99))} ms  max ${fmt(x[x.length - 1])} ms`;
console.log(`grade bench (seed scenario, ${paths.length} valid paths; 300 words / ${long.length} chars)`);
console.log(
  `  load average ${load.toFixed(2)} on ${cores} cores${contended ? " (contended: budgets checked on CPU time)" : ""}`,
);
console.log(`  first call (model load, rubric compile): ${fmt(cold)} ms`);
console.log(`  300 words, one path     ${line("wall", s.wall)}`);
console.log(`                          ${line("cpu ", s.cpu)}   (budget median 3, p99 15)`);
console.log(`  300 words, every path   ${line("wall", all.wall)}`);
console.log(`                          ${line("cpu ", all.cpu)}   (budget ≤ 2× one path's median)`);
console.log(`  20000 chars, one path   ${line("wall", l.wall)}`);
console.log(`                          ${line("cpu ", l.cpu)}   (budget 60)`);
const checked = contended ? { s: s.cpu, a: all.cpu, l: l.cpu } : { s: s.wall, a: all.wall, l: l.wall };
const ratio = percentile(checked.a, 50) / percentile(checked.s, 50);
console.log(`  every path / one path: ${ratio.toFixed(2)}×`);
const misses: string[] = [];
if (percentile(checked.s, 50) > 3) misses.push("300-word median over 3 ms");
if (percentile(checked.s, 99) > 15) misses.push("300-word p99 over 15 ms");
if (percentile(checked.l, 99) > 60) misses.push("20,000-character answer over 60 ms");
if (ratio > 2) misses.push("every path costs more than 2× one");
if (misses.length > 0) {
  console.error(`grade bench: over budget: ${misses.join("; ")}`);
  process.exitCode = 1;
}

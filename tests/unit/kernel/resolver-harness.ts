// The resolver kernel tests' harness (not a test file): a network namespace with the pod's resolv.conf,
// nsswitch.conf and /etc/hosts, a small DNS server answering the scenario's names as CoreDNS would, and one
// getaddrinfo run of the real C library; it returns the queries the server saw, in order, and the output.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import {
  corednsAnswer,
  hostsFileFor,
  renderHostsFile,
  renderResolvConf,
  type Scenario,
  type Trace,
} from "../../../lib/sim";
import { podIPOfFamily } from "../../../lib/sim/ip-families";
import { inNs, run, type Namespaces } from "./netns";

const here = import.meta.dirname;
const UPSTREAM = "169.254.169.253";

/** What CoreDNS answers for every name the resolver may try, per type (the DNS server's table). */
function answerTable(scenario: Scenario, trace: Trace): Record<string, Record<string, unknown>> {
  const candidates = trace.hops.find((h) => h.kind === "resolver.candidates")?.detail["candidates"];
  const table: Record<string, Record<string, unknown>> = {};
  for (const name of (candidates as string[] | undefined) ?? []) {
    table[name] = {};
    for (const type of ["A", "AAAA"] as const) {
      const answer = corednsAnswer(scenario, name, type, UPSTREAM);
      table[name][type] = { rcode: answer.rcode, answers: answer.answers };
    }
  }
  return table;
}

export const ERRORS: Readonly<Record<string, string>> = { "-2": "EAI_NONAME", "-3": "EAI_AGAIN", "-5": "EAI_NONAME" };

export interface Observed {
  readonly queries: readonly string[];
  readonly output: readonly string[];
}

export interface ObserveArgs {
  readonly namespaces: Namespaces;
  readonly scenario: Scenario;
  readonly trace: Trace;
  readonly host: string;
  readonly binary: string;
  /** the folder for the DNS server's answer table */
  readonly work: string;
  readonly i: number;
  /** extra getaddrinfo arguments (e.g. "addrconfig", see gai.c) */
  readonly args?: readonly string[];
  /** run in the new namespace before getaddrinfo (e.g. give it the pod's addresses) */
  readonly setup?: (ns: string) => void;
}

export async function observe(a: ObserveArgs): Promise<Observed> {
  const { namespaces, scenario, trace, host, binary, work, i } = a;
  const client = scenario.pods.find((p) => `${p.namespace}/${p.name}` === scenario.request.from);
  if (client === undefined) throw new Error("the case's client is a pod");
  const ns = namespaces.create({
    "resolv.conf": renderResolvConf(trace.resolvConf),
    "nsswitch.conf": "hosts: files dns\n",
    hosts: renderHostsFile(hostsFileFor(scenario, client)),
  });
  a.setup?.(ns);
  const server = trace.resolvConf.nameservers[0] ?? "127.0.0.1";
  inNs(ns, "ip", ["addr", "add", `${server}/32`, "dev", "lo"]);
  const tableFile = path.join(work, `table-${i}.json`);
  fs.writeFileSync(tableFile, JSON.stringify(answerTable(scenario, trace)));
  const dns = spawn("ip", [
    "netns",
    "exec",
    ns,
    process.execPath,
    path.join(here, "dns-server.mjs"),
    server,
    tableFile,
  ]);
  let log = "";
  dns.stdout.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("DNS server did not start")), 5_000);
      dns.stdout.on("data", () => {
        if (log.includes("ready\n")) {
          clearTimeout(timer);
          resolve();
        }
      });
      dns.on("exit", (code) => reject(new Error(`DNS server exited (${code})`)));
    });
    const output = inNs(ns, binary, [host, ...(a.args ?? [])])
      .trim()
      .split("\n")
      .filter(Boolean);
    // the client ran synchronously: let the server's log reach us
    await new Promise((resolve) => setTimeout(resolve, 150));
    const queries = log.split("\n").filter((line) => line !== "" && line !== "ready");
    return { queries, output };
  } finally {
    dns.kill();
  }
}

/** The pod's addresses on a veth end in its namespace, default routes through it; IPv6 off where it has none. */
export function podInterface(s: Scenario): (ns: string) => void {
  const pod = s.pods.find((p) => `${p.namespace}/${p.name}` === s.request.from);
  if (pod === undefined) throw new Error("the case's client is a pod");
  const v6 = podIPOfFamily(pod, "IPv6");
  return (ns) => {
    inNs(ns, "ip", ["link", "add", "eth0", "type", "veth", "peer", "name", "peer0"]);
    // the peer end's link-local address would count as an IPv6 address for AI_ADDRCONFIG
    inNs(ns, "sysctl", ["-qw", "net.ipv6.conf.peer0.disable_ipv6=1"]);
    if (v6 === null) inNs(ns, "sysctl", ["-qw", "net.ipv6.conf.eth0.disable_ipv6=1"]);
    inNs(ns, "ip", ["link", "set", "eth0", "up"]);
    inNs(ns, "ip", ["link", "set", "peer0", "up"]);
    inNs(ns, "ip", ["addr", "add", `${pod.ip}/24`, "dev", "eth0"]);
    inNs(ns, "ip", ["route", "add", "default", "dev", "eth0"]);
    if (v6 !== null) {
      inNs(ns, "ip", ["-6", "addr", "add", `${v6}/64`, "dev", "eth0", "nodad"]);
      inNs(ns, "ip", ["-6", "route", "add", "default", "dev", "eth0"]);
    }
  };
}

/**
 * Builds the getaddrinfo probe (gai.c) in `work` against Debian's glibc and, unless `musl` is false, statically
 * against musl; answers each binary's path by resolver.
 */
export function buildGai(work: string, { musl = true }: { musl?: boolean } = {}): Record<"glibc" | "musl", string> {
  const binaries = { glibc: path.join(work, "gai-glibc"), musl: path.join(work, "gai-musl") };
  fs.mkdirSync(work, { recursive: true });
  run("gcc", ["-O1", "-o", binaries.glibc, path.join(here, "gai.c")]);
  if (musl) run("musl-gcc", ["-static", "-O1", "-o", binaries.musl, path.join(here, "gai.c")]);
  return binaries;
}

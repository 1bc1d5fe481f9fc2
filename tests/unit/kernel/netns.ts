// Network namespaces for the kernel tests (not a test file): each test run names its namespaces after its pid,
// creates what it needs and removes all of it in afterAll, even when a test failed.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";

/** Runs a command; throws with its stderr when it fails. */
export function run(command: string, args: readonly string[], input?: string): string {
  return execFileSync(command, args, { input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"], timeout: 20_000 });
}

/** Runs a command inside a network namespace. */
export function inNs(ns: string, command: string, args: readonly string[], input?: string): string {
  return run("ip", ["netns", "exec", ns, command, ...args], input);
}

/** Runs a shell line inside a network namespace; returns its exit status and output, never throws. */
export function shellIn(ns: string, line: string, timeoutMs = 5_000): { status: number; out: string } {
  const result = spawnSync("ip", ["netns", "exec", ns, "sh", "-c", line], { encoding: "utf8", timeout: timeoutMs });
  return { status: result.status ?? -1, out: `${result.stdout ?? ""}${result.stderr ?? ""}` };
}

const onPath = (tool: string): boolean => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;

/**
 * Why the kernel tests cannot run here, or null when they can: they need root, network namespaces and the
 * Debian tools .ci/run installs (iptables, nftables, conntrack, dnsmasq-base's neighbours: gcc, musl-tools).
 */
export function kernelSkipReason(tools: readonly string[]): string | null {
  if (process.platform !== "linux") return `not Linux (${process.platform})`;
  if (typeof process.getuid !== "function" || process.getuid() !== 0)
    return "not root (network namespaces need CAP_SYS_ADMIN)";
  const missing = tools.filter((tool) => !onPath(tool));
  if (missing.length > 0) return `missing tools: ${missing.join(", ")} (bash .ci/run installs them)`;
  const probe = `hdprobe${process.pid}`;
  const made = spawnSync("ip", ["netns", "add", probe], { encoding: "utf8" });
  if (made.status !== 0) return `cannot create a network namespace: ${(made.stderr ?? "").trim()}`;
  spawnSync("ip", ["netns", "del", probe]);
  return null;
}

/** The namespaces (and their /etc/netns files) one test file made, for cleanup. */
export class Namespaces {
  private readonly made: string[] = [];
  private counter = 0;
  constructor(private readonly prefix: string) {}

  /** A new namespace with loopback up; `etc` files are bind-mounted over /etc by `ip netns exec`. */
  create(etc: Readonly<Record<string, string>> = {}): string {
    const name = `${this.prefix}${process.pid}x${this.counter++}`;
    run("ip", ["netns", "add", name]);
    this.made.push(name);
    inNs(name, "ip", ["link", "set", "lo", "up"]);
    const entries = Object.entries(etc);
    if (entries.length > 0) {
      fs.mkdirSync(`/etc/netns/${name}`, { recursive: true });
      for (const [file, text] of entries) fs.writeFileSync(`/etc/netns/${name}/${file}`, text);
    }
    return name;
  }

  /** A veth pair between two namespaces. */
  link(a: string, aName: string, b: string, bName: string): void {
    run("ip", ["link", "add", aName, "netns", a, "type", "veth", "peer", "name", bName, "netns", b]);
    inNs(a, "ip", ["link", "set", aName, "up"]);
    inNs(b, "ip", ["link", "set", bName, "up"]);
  }

  removeAll(): void {
    for (const name of this.made.splice(0)) {
      spawnSync("ip", ["netns", "del", name]);
      fs.rmSync(`/etc/netns/${name}`, { recursive: true, force: true });
    }
  }
}

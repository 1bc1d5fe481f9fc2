// Rule counters for the netfilter kernel tests (not a test file).
import { inNs } from "./netns";

/**
 * Packets per rule of `restore` (the text we loaded), read from iptables-save -c (or ip6tables-save -c). iptables-save prints rules in
 * its own canonical form (-d 10.96.12.34/32, options reordered), so rules are paired by table, chain and
 * position, which iptables-restore keeps.
 */
export function counters(ns: string, restore: string, save = "iptables-save"): Map<string, number> {
  const saved = new Map<string, number[]>();
  let table = "";
  for (const line of inNs(ns, save, ["-c"]).split("\n")) {
    if (line.startsWith("*")) table = line.slice(1);
    const m = /^\[(\d+):\d+\] -A (\S+) /.exec(line);
    if (m === null) continue;
    const key = `${table} ${m[2]}`;
    saved.set(key, [...(saved.get(key) ?? []), Number(m[1])]);
  }
  const map = new Map<string, number>();
  const seen = new Map<string, number>();
  table = "";
  for (const line of restore.split("\n")) {
    if (line.startsWith("*")) table = line.slice(1);
    const m = /^-A (\S+) /.exec(line);
    if (m === null) continue;
    const key = `${table} ${m[1]}`;
    const index = seen.get(key) ?? 0;
    seen.set(key, index + 1);
    map.set(line, (map.get(line) ?? 0) + (saved.get(key)?.[index] ?? 0));
  }
  return map;
}

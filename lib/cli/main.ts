import { parseArgs, type ParseArgsConfig } from "node:util";
import {
  generateScenario,
  iptablesRestore,
  ipvsRules,
  nftablesRuleset,
  hostsFileFor,
  renderCorefile,
  renderHostsFile,
  renderResolvConf,
  resolvConfFor,
  traceScenario,
  type Difficulty,
  type Scenario,
  type Trace,
  hasIPv6Proxier,
} from "../sim";
import { EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, nodeIo, type CliIo } from "./io";
import { formatErrors, loadScenario } from "./scenario-arg";

const USAGE = `Usage: hopdrill <command> [options]

Commands:
  trace     --scenario FILE|seed [--seed N] [--endpoint IP:PORT]
                                                         the request's hop-by-hop trace (JSON)
  iptables  --scenario FILE|seed [--node NAME] [--family ipv4|ipv6]
                                                         kube-proxy's iptables (or ip6tables) rules on a node (iptables-restore text)
  rules     --scenario FILE|seed [--node NAME] [--mode iptables|nftables|ipvs] [--family ipv4|ipv6]
                                                         kube-proxy's rules in that mode (iptables-restore, nft -f, ipvsadm-save)
  resolv    --scenario FILE|seed [--pod NS/NAME]         a pod's /etc/resolv.conf (text)
  hosts     --scenario FILE|seed [--pod NS/NAME]         a pod's /etc/hosts (text)
  corefile  --scenario FILE|seed                         the Corefile CoreDNS runs (text)
  generate  --seed N [--difficulty easy|medium|hard] [--client pod|outside] [--extended]
                                                         a generated scenario (JSON)
  grade     --scenario FILE|seed --answer FILE|-         grade an explanation of the request path (JSON)

Run \`hopdrill <command> --help\` for a command's options. Exit codes: 0 ok, 1 failure, 2 bad input.
`;

const HELP: Readonly<Record<string, string>> = {
  trace: `Usage: hopdrill trace --scenario FILE|seed [--seed N] [--endpoint IP:PORT]

Prints the trace of the scenario's request as JSON (scenario, resolvConf, dns, connection, proxy, hops, context).
  --scenario  a scenario file (JSON or YAML), or \`seed\` for the built-in foo → https://bar/ scenario
  --seed      integer that picks ephemeral ports and kube-proxy's endpoint choice (default 1)
  --endpoint  one of the trace's proxy.candidates (e.g. 10.244.2.7:8443): the path through that endpoint,
              as if kube-proxy's draw had picked it; everything else stays as --seed makes it
`,
  iptables: `Usage: hopdrill iptables --scenario FILE|seed [--node NAME] [--family ipv4|ipv6]

Prints the *filter and *nat rules kube-proxy (iptables mode) programs on a node, in iptables-restore form.
  --scenario  a scenario file (JSON or YAML), or \`seed\`
  --node      node name (default: the node of the request's client pod)
  --family    ipv4 (default), or ipv6 for the ip6tables rules of a dual-stack scenario (ip6tables-restore form)
`,
  rules: `Usage: hopdrill rules --scenario FILE|seed [--node NAME] [--mode iptables|nftables|ipvs] [--family ipv4|ipv6]

Prints what kube-proxy programs on a node in the given mode (default: the scenario's kubeProxy.mode):
  iptables  the *filter and *nat tables in iptables-restore form (as \`hopdrill iptables\`)
  nftables  the table ip kube-proxy as \`nft -f\` input
  ipvs      the virtual servers (ipvsadm-save -n), the ipsets (ipset save) and the helper iptables rules
  --scenario  a scenario file (JSON or YAML), or \`seed\`
  --node      node name (default: the node of the request's client)
  --family    ipv4 (default), or ipv6 for a dual-stack scenario's IPv6 rules (iptables: ip6tables-restore
              form; nftables: table ip6 kube-proxy; ipvs: the IPv6 proxier's virtual servers, inet6 ipsets
              and ip6tables helper rules)
`,
  resolv: `Usage: hopdrill resolv --scenario FILE|seed [--pod NS/NAME]

Prints the /etc/resolv.conf kubelet writes for a pod.
  --scenario  a scenario file (JSON or YAML), or \`seed\`
  --pod       NAMESPACE/NAME (default: the request's client pod)
`,
  hosts: `Usage: hopdrill hosts --scenario FILE|seed [--pod NS/NAME]

Prints the /etc/hosts kubelet writes for a pod (its own names, then the hostAliases).
  --scenario  a scenario file (JSON or YAML), or \`seed\`
  --pod       NAMESPACE/NAME (default: the request's client pod)
`,
  corefile: `Usage: hopdrill corefile --scenario FILE|seed

Prints the Corefile CoreDNS runs: kubeadm's, with the scenario's dns.coredns options and corefile (forward,
rewrite, cache, autopath), then one server block per stub domain.
  --scenario  a scenario file (JSON or YAML), or \`seed\`
`,
  generate: `Usage: hopdrill generate --seed N [--difficulty easy|medium|hard] [--client pod|outside] [--extended]

Prints a generated scenario as JSON; the same seed and difficulty always give the same scenario.
  --seed        integer
  --difficulty  easy | medium | hard (default medium)
  --client      pod (default): a pod in the cluster makes the request; outside: a client outside the cluster
                calls a LoadBalancer's ingress IP or a node's NodePort
  --extended    also draw the later variants: named target ports, zones, CoreDNS autopath, dual-stack
                clusters, hostAliases and setHostnameAsFQDN (without it a seed gives what it always gave)
`,
};

const OPTIONS: Readonly<Record<string, ParseArgsConfig["options"]>> = {
  trace: {
    scenario: { type: "string" },
    seed: { type: "string" },
    endpoint: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
  iptables: {
    scenario: { type: "string" },
    node: { type: "string" },
    family: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
  rules: {
    scenario: { type: "string" },
    node: { type: "string" },
    mode: { type: "string" },
    family: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
  resolv: { scenario: { type: "string" }, pod: { type: "string" }, help: { type: "boolean", short: "h" } },
  hosts: { scenario: { type: "string" }, pod: { type: "string" }, help: { type: "boolean", short: "h" } },
  corefile: { scenario: { type: "string" }, help: { type: "boolean", short: "h" } },
  generate: {
    seed: { type: "string" },
    difficulty: { type: "string" },
    client: { type: "string" },
    extended: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
};

type Values = Record<string, string | boolean | undefined>;

class UsageError extends Error {}

function parseCommandArgs(command: string, argv: readonly string[]): Values {
  try {
    const { values } = parseArgs({ args: [...argv], options: OPTIONS[command], strict: true, allowPositionals: false });
    return values as Values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function integerOption(values: Values, name: string, fallback: number | null): number {
  const raw = values[name];
  if (raw === undefined || raw === true || raw === false) {
    if (fallback === null) throw new UsageError(`--${name}: required`);
    return fallback;
  }
  if (!/^-?\d{1,15}$/.test(raw)) throw new UsageError(`--${name}: must be an integer, got "${raw}"`);
  return Number(raw);
}

function stringOption(values: Values, name: string): string | undefined {
  const raw = values[name];
  return typeof raw === "string" ? raw : undefined;
}

/** `trace`: the seed's trace, or with `--endpoint` the path through that endpoint. */
function traceOf(scenario: Scenario, seed: number, endpoint: string | undefined): Trace {
  if (endpoint === undefined) return traceScenario(scenario, { seed });
  const pinned = traceScenario(scenario, { seed, endpoint });
  if (!pinned.ok) throw new UsageError(`--endpoint: ${pinned.errors.map((e) => e.message).join("; ")}`);
  return pinned.value;
}

/** Runs one `hopdrill` invocation; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.stdout(USAGE);
    return command === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  try {
    if (command === "grade") {
      const { gradeCommand } = await import("./grade-command");
      return await gradeCommand([...rest], io);
    }
    if (!(command in OPTIONS)) {
      io.stderr(`error: unknown command "${command}"\n\n${USAGE}`);
      return EXIT_BAD_INPUT;
    }
    const values = parseCommandArgs(command, rest);
    if (values.help === true) {
      io.stdout(HELP[command] ?? USAGE);
      return EXIT_OK;
    }
    switch (command) {
      case "generate": {
        const seed = integerOption(values, "seed", null);
        const difficulty = stringOption(values, "difficulty") ?? "medium";
        if (difficulty !== "easy" && difficulty !== "medium" && difficulty !== "hard") {
          throw new UsageError(`--difficulty: must be easy, medium or hard, got "${difficulty}"`);
        }
        const client = stringOption(values, "client") ?? "pod";
        if (client !== "pod" && client !== "outside") {
          throw new UsageError(`--client: must be pod or outside, got "${client}"`);
        }
        const extended = values.extended === true;
        const generated = generateScenario(seed, difficulty as Difficulty, { client, extended });
        io.stdout(`${JSON.stringify(generated, null, 2)}\n`);
        return EXIT_OK;
      }
      case "trace":
      case "iptables":
      case "rules":
      case "hosts":
      case "corefile":
      case "resolv": {
        const seed = command === "trace" ? integerOption(values, "seed", 1) : 0;
        const loaded = await loadScenario(stringOption(values, "scenario"), io);
        if (!loaded.ok) {
          io.stderr(formatErrors(loaded.errors));
          return EXIT_BAD_INPUT;
        }
        const scenario = loaded.value;
        const client = scenario.pods.find((p) => `${p.namespace}/${p.name}` === scenario.request.from);
        if (command === "trace") {
          const trace = traceOf(scenario, seed, stringOption(values, "endpoint"));
          io.stdout(`${JSON.stringify(trace, null, 2)}\n`);
          return EXIT_OK;
        }
        if (command === "iptables" || command === "rules") {
          const node = stringOption(values, "node") ?? client?.node ?? scenario.nodes[0]?.name ?? "";
          if (!scenario.nodes.some((n) => n.name === node)) {
            throw new UsageError(
              `--node: no node named "${node}" (nodes: ${scenario.nodes.map((n) => n.name).join(", ")})`,
            );
          }
          const mode = command === "iptables" ? "iptables" : (stringOption(values, "mode") ?? scenario.kubeProxy.mode);
          const family = stringOption(values, "family") ?? "ipv4";
          if (family !== "ipv4" && family !== "ipv6") {
            throw new UsageError(`--family: must be ipv4 or ipv6, got "${family}"`);
          }
          if (family === "ipv6") {
            if (!hasIPv6Proxier(scenario)) {
              throw new UsageError("--family ipv6: the scenario is IPv4-only (serviceCIDRs has no IPv6 range)");
            }
            if (mode === "nftables") io.stdout(nftablesRuleset(scenario, node, "IPv6"));
            else if (mode === "ipvs") io.stdout(ipvsRules(scenario, node, "IPv6"));
            else if (mode === "iptables") io.stdout(iptablesRestore(scenario, node, "IPv6"));
            else throw new UsageError(`--mode: must be iptables, nftables or ipvs, got "${mode}"`);
            return EXIT_OK;
          }
          if (mode === "nftables") io.stdout(nftablesRuleset(scenario, node));
          else if (mode === "ipvs") io.stdout(ipvsRules(scenario, node));
          else if (mode === "iptables") io.stdout(iptablesRestore(scenario, node));
          else throw new UsageError(`--mode: must be iptables, nftables or ipvs, got "${mode}"`);
          return EXIT_OK;
        }
        if (command === "corefile") {
          io.stdout(renderCorefile(scenario));
          return EXIT_OK;
        }
        const podKey = stringOption(values, "pod") ?? scenario.request.from;
        const pod = scenario.pods.find((p) => `${p.namespace}/${p.name}` === podKey);
        if (pod === undefined) throw new UsageError(`--pod: no pod "${podKey}" (expected NAMESPACE/NAME)`);
        io.stdout(
          command === "hosts"
            ? renderHostsFile(hostsFileFor(scenario, pod))
            : renderResolvConf(resolvConfFor(scenario, pod)),
        );
        return EXIT_OK;
      }
    }
    return EXIT_BAD_INPUT;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}\n\nRun \`hopdrill ${command} --help\` for usage.\n`);
      return EXIT_BAD_INPUT;
    }
    // unexpected: one line, no stack trace (set HOPDRILL_DEBUG=1 to see it)
    io.stderr(`hopdrill: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.HOPDRILL_DEBUG === "1" && error instanceof Error) io.stderr(`${error.stack ?? ""}\n`);
    return EXIT_FAILURE;
  }
}

/** Entry used by hopdrill.mjs. */
export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), nodeIo());
}

// The order getaddrinfo returns /etc/hosts' addresses in, on the real C libraries: in a network namespace with
// the pod's addresses (resolver-harness.ts podInterface: IPv6 off on an IPv4-only pod's interface, lo keeps
// ::1) and the /etc/hosts `hopdrill hosts` prints, Debian's glibc and musl (musl-gcc -static) look up localhost
// and hostAliases names of both families. No DNS query may be sent, and the addresses must come back in the
// trace's order: glibc rfc3484_sort and musl's lookup_name.c sort file entries as they sort DNS answers.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_SCENARIO, traceScenario, validateScenario, type Scenario, type ScenarioInput } from "../../../lib/sim";
import { dualStackInput } from "../sim/seed-variants";
import { kernelSkipReason, Namespaces } from "./netns";
import { buildGai, observe, podInterface, type Observed } from "./resolver-harness";

const skip = kernelSkipReason(["ip", "gcc", "musl-gcc", "node"]);
if (skip !== null) console.warn(`kernel /etc/hosts order tests skipped: ${skip}`);

const here = import.meta.dirname;
const work = path.resolve(here, `../../.tmp/kernel-hosts-order-${process.pid}`);

const ALIASES = [
  { ip: "fd00::5", hostnames: ["db.remote", "lo6.remote"] },
  { ip: "10.1.2.3", hostnames: ["db.remote", "mix.remote"] },
  { ip: "127.0.0.1", hostnames: ["mix.remote", "lo6.remote"] },
  { ip: "::1", hostnames: ["lo6.remote"] },
];

function scenarioOf(host: string, flavour: "glibc" | "musl", dualStack: boolean): Scenario {
  const change = (input: ScenarioInput) => {
    const foo = input.pods.find((p) => p.name === "foo");
    if (foo === undefined) throw new Error("seed has foo");
    foo.hostAliases = ALIASES;
    foo.resolver = flavour;
    input.request = { from: "app/foo", url: `http://${host}/` };
  };
  const input = dualStack ? dualStackInput(change, true) : structuredClone(SEED_SCENARIO);
  if (!dualStack) change(input);
  const valid = validateScenario(input);
  if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
  return valid.value;
}

const cases = ["localhost", "db.remote", "mix.remote", "lo6.remote"].flatMap((host) =>
  (["glibc", "musl"] as const).flatMap((flavour) =>
    [false, true].map((dualStack) => ({
      name: `${host} on ${flavour}, ${dualStack ? "dual-stack" : "IPv4-only"} pod`,
      host,
      flavour,
      scenario: scenarioOf(host, flavour, dualStack),
    })),
  ),
);

describe.skipIf(skip !== null)("glibc and musl order /etc/hosts answers as the trace does", () => {
  const namespaces = new Namespaces("hdho");
  let binaries: ReturnType<typeof buildGai>;
  const observed = new Map<string, Observed>();

  beforeAll(async () => {
    binaries = buildGai(work);
    let i = 0;
    for (const c of cases) {
      const trace = traceScenario(c.scenario, { seed: 1 });
      const setup = podInterface(c.scenario);
      const binary = binaries[c.flavour];
      observed.set(
        c.name,
        await observe({ namespaces, scenario: c.scenario, trace, host: c.host, binary, work, i: i++, setup }),
      );
    }
  });
  afterAll(() => {
    namespaces.removeAll();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", (name, c) => {
    const seen = observed.get(name);
    if (seen === undefined) throw new Error("setup did not run");
    const trace = traceScenario(c.scenario, { seed: 1 });
    expect(seen.queries).toEqual([]);
    expect(trace.dns.queries).toEqual([]);
    expect(seen.output).toEqual(trace.dns.result.addresses);
  });
});

import { describe, expect, it } from "vitest";
import { candidateNames, resolverOptions, runResolver, type ExchangeOutcome, type ResolvConf } from "../../../lib/sim";

const seedConf: ResolvConf = {
  nameservers: ["10.96.0.10"],
  search: ["app.svc.cluster.local", "svc.cluster.local", "cluster.local"],
  options: ["ndots:5"],
};
const withNodeDomain: ResolvConf = { ...seedConf, search: [...seedConf.search, "us-east-2.compute.internal"] };
const ndots = (n: number): ResolvConf => ({ ...seedConf, options: [`ndots:${n}`] });

// lib/sim/README.md "The stub resolver" (glibc res_query.c __res_context_search; musl name_from_dns_search)
describe("candidateNames", () => {
  const table: { name: string; conf: ResolvConf; flavour: "glibc" | "musl"; expected: string[] }[] = [
    {
      name: "bar",
      conf: seedConf,
      flavour: "glibc",
      expected: ["bar.app.svc.cluster.local.", "bar.svc.cluster.local.", "bar.cluster.local.", "bar."],
    },
    {
      name: "google.com",
      conf: seedConf,
      flavour: "glibc",
      expected: [
        "google.com.app.svc.cluster.local.",
        "google.com.svc.cluster.local.",
        "google.com.cluster.local.",
        "google.com.",
      ],
    },
    {
      name: "google.com",
      conf: withNodeDomain,
      flavour: "glibc",
      expected: [
        "google.com.app.svc.cluster.local.",
        "google.com.svc.cluster.local.",
        "google.com.cluster.local.",
        "google.com.us-east-2.compute.internal.",
        "google.com.",
      ],
    },
    {
      name: "bar.other",
      conf: seedConf,
      flavour: "glibc",
      expected: [
        "bar.other.app.svc.cluster.local.",
        "bar.other.svc.cluster.local.",
        "bar.other.cluster.local.",
        "bar.other.",
      ],
    },
    { name: "bar.app.svc.cluster.local.", conf: seedConf, flavour: "glibc", expected: ["bar.app.svc.cluster.local."] },
    { name: "bar.app.svc.cluster.local.", conf: seedConf, flavour: "musl", expected: ["bar.app.svc.cluster.local."] },
    // 4 dots < ndots 5: even the full name is searched first
    {
      name: "bar.app.svc.cluster.local",
      conf: seedConf,
      flavour: "glibc",
      expected: [
        "bar.app.svc.cluster.local.app.svc.cluster.local.",
        "bar.app.svc.cluster.local.svc.cluster.local.",
        "bar.app.svc.cluster.local.cluster.local.",
        "bar.app.svc.cluster.local.",
      ],
    },
    // dots ≥ ndots: glibc as is first, then the search list; musl as is only
    {
      name: "google.com",
      conf: ndots(1),
      flavour: "glibc",
      expected: [
        "google.com.",
        "google.com.app.svc.cluster.local.",
        "google.com.svc.cluster.local.",
        "google.com.cluster.local.",
      ],
    },
    { name: "google.com", conf: ndots(1), flavour: "musl", expected: ["google.com."] },
    {
      name: "bar.other",
      conf: ndots(2),
      flavour: "glibc",
      expected: [
        "bar.other.app.svc.cluster.local.",
        "bar.other.svc.cluster.local.",
        "bar.other.cluster.local.",
        "bar.other.",
      ],
    },
    // below ndots, musl searches like glibc
    {
      name: "bar",
      conf: seedConf,
      flavour: "musl",
      expected: ["bar.app.svc.cluster.local.", "bar.svc.cluster.local.", "bar.cluster.local.", "bar."],
    },
    {
      name: "bar",
      conf: { nameservers: ["169.254.169.253"], search: [], options: [] },
      flavour: "glibc",
      expected: ["bar."],
    },
  ];
  for (const row of table) {
    it(`${row.flavour}: ${row.name} with ${row.conf.options.join(" ") || "defaults"}, ${row.conf.search.length} search domains`, () => {
      expect(candidateNames(row.name, row.conf, row.flavour)).toEqual(row.expected);
    });
  }

  it("caps ndots at 15 (resolv.conf(5))", () => {
    expect(resolverOptions(ndots(40)).ndots).toBe(15);
  });

  it("reads the defaults timeout:5 attempts:2 ndots:1", () => {
    expect(resolverOptions({ nameservers: [], search: [], options: [] })).toMatchObject({
      ndots: 1,
      timeout: 5,
      attempts: 2,
    });
  });
});

const NX: ExchangeOutcome = { kind: "answer", rcode: "NXDOMAIN", answers: [] };
const NODATA: ExchangeOutcome = { kind: "answer", rcode: "NOERROR", answers: [] };
const SERVFAIL: ExchangeOutcome = { kind: "answer", rcode: "SERVFAIL", answers: [] };
const A = (ip: string): ExchangeOutcome => ({ kind: "answer", rcode: "NOERROR", answers: [{ type: "A", value: ip }] });

function answering(table: Record<string, ExchangeOutcome>): (name: string) => ExchangeOutcome {
  return (name) => table[name] ?? NX;
}

describe("runResolver: when the search stops", () => {
  it("stops at the first candidate with a record", () => {
    const run = runResolver("bar", seedConf, "glibc", answering({ "bar.app.svc.cluster.local.": A("10.96.12.34") }));
    expect(run.steps.map((s) => s.name)).toEqual(["bar.app.svc.cluster.local."]);
    expect(run.addresses).toEqual(["10.96.12.34"]);
    expect(run.error).toBeNull();
  });

  it("glibc moves on after NXDOMAIN, NODATA and SERVFAIL", () => {
    const run = runResolver(
      "google.com",
      seedConf,
      "glibc",
      answering({
        "google.com.app.svc.cluster.local.": NODATA,
        "google.com.svc.cluster.local.": SERVFAIL,
        "google.com.": A("142.250.1.1"),
      }),
    );
    expect(run.steps).toHaveLength(4);
    expect(run.addresses).toEqual(["142.250.1.1"]);
  });

  it("glibc: every candidate NXDOMAIN → EAI_NONAME after all of them", () => {
    const run = runResolver("baz", seedConf, "glibc", answering({}));
    expect(run.steps).toHaveLength(4);
    expect(run.error).toBe("EAI_NONAME");
  });

  it("glibc: a SERVFAIL along the way and NXDOMAIN elsewhere → EAI_AGAIN", () => {
    const run = runResolver("baz", seedConf, "glibc", answering({ "baz.svc.cluster.local.": SERVFAIL }));
    expect(run.steps).toHaveLength(4);
    expect(run.error).toBe("EAI_AGAIN");
  });

  it("a timeout ends the search", () => {
    const run = runResolver("bar", seedConf, "glibc", () => ({ kind: "timeout" }));
    expect(run.steps).toHaveLength(1);
    expect(run.error).toBe("EAI_AGAIN");
  });

  it("a refused connection aborts the whole lookup", () => {
    const run = runResolver("bar", seedConf, "glibc", () => ({ kind: "refused" }));
    expect(run.steps).toHaveLength(1);
    expect(run.error).toBe("EAI_AGAIN");
  });

  it("REFUSED ends the search", () => {
    const run = runResolver("bar", seedConf, "glibc", () => ({ kind: "answer", rcode: "REFUSED", answers: [] }));
    expect(run.steps).toHaveLength(1);
    expect(run.error).not.toBeNull();
  });

  it("musl: only NXDOMAIN continues; NODATA stops with a no-name error", () => {
    const run = runResolver("other", seedConf, "musl", answering({ "other.svc.cluster.local.": NODATA }));
    expect(run.steps.map((s) => s.name)).toEqual(["other.app.svc.cluster.local.", "other.svc.cluster.local."]);
    expect(run.error).toBe("EAI_NONAME");
  });

  it("musl: SERVFAIL stops with EAI_AGAIN", () => {
    const run = runResolver("bar", seedConf, "musl", () => SERVFAIL);
    expect(run.steps).toHaveLength(1);
    expect(run.error).toBe("EAI_AGAIN");
  });

  it("a CNAME without an address stops the search with no address", () => {
    const cname: ExchangeOutcome = {
      kind: "answer",
      rcode: "NOERROR",
      answers: [{ type: "CNAME", value: "db.example.com." }],
    };
    const run = runResolver("db", seedConf, "glibc", () => cname);
    expect(run.steps).toHaveLength(1);
    expect(run.addresses).toEqual([]);
    expect(run.error).toBe("EAI_NONAME");
  });
});

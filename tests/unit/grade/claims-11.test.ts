import { describe, expect, it } from "vitest";
import { analyseAnswer, createLexicon } from "../../../lib/grade";
import { corpusTrace } from "./corpus-scenarios";
import { flagged, found, grade } from "./graded";

/**
 * Known answers for the gaps the eleventh held-out batch (tests/fixtures/answers/claims-held-out-11.yaml) showed,
 * each in wordings other than the batch's own, with the true statements nearby that must stay as they were.
 */
const clauseTexts = (answer: string) => {
  const a = analyseAnswer(answer, createLexicon([]));
  return a.clauses.map((c) => answer.slice(c.start, c.end));
};

describe("a 'between A and B' pair is not two clauses", () => {
  it("keeps the pair inside its clause", () => {
    expect(clauseTexts("Balancing requests between pod-a and pod-b is the nameserver's job.")).toHaveLength(1);
  });

  it("still splits two clauses joined by 'and' with no 'between' before it", () => {
    expect(clauseTexts("CoreDNS returns the ClusterIP and iptables DNATs it to a pod.")).toHaveLength(2);
  });
});

describe("CoreDNS said to divide the work between the replicas", () => {
  it.each([
    "Splitting the load between the two bar pods is the duty of CoreDNS.",
    "Dividing calls between bar-1 and bar-2 is the DNS server's business.",
  ])("flags %j", (answer) => {
    expect(flagged(grade(answer))).toContain("coredns-load-balances");
  });

  it("does not flag the rules sharing the load", () => {
    expect(flagged(grade("Sharing connections between bar-1 and bar-2 is done by node-1's iptables rules."))).toEqual(
      [],
    );
  });
});

describe("kube-proxy as the passive agent of the connection, or splicing its bytes", () => {
  it.each([
    "The SYN to 10.96.12.34:443 is received by kube-proxy on node-1, which opens its own connection to a bar pod.",
    "kube-proxy splices the traffic from foo's socket into a socket to bar-2.",
  ])("flags %j", (answer) => {
    expect(flagged(grade(answer))).toContain("kube-proxy-forwards-traffic");
  });

  it("does not flag the rules written by kube-proxy matching the packet", () => {
    expect(flagged(grade("The packet is matched by the iptables rules written by kube-proxy."))).toEqual([]);
  });
});

describe("DNS records that carry the pods' own addresses", () => {
  it("flags the records named first and the pods' addresses after", () => {
    const g = grade("The records that come back hold the bar replicas' very own addresses.");
    expect(flagged(g)).toContain("dns-returns-pod-ip");
  });

  it("does not flag the pods' own addresses as the DNAT's target", () => {
    const g = grade("The KUBE-SEP rule rewrites the destination to one of the bar pods' own addresses.");
    expect(flagged(g)).toEqual([]);
  });
});

describe("a namespace walled off by its own name, traffic waiting on a policy", () => {
  const xns = corpusTrace("cross-namespace");
  it.each([
    "billing is fenced off from the other namespaces by default.",
    "The SYN is dropped until an admin adds a NetworkPolicy admitting app.",
  ])("flags %j", (answer) => {
    expect(flagged(grade(answer, xns))).toContain("namespace-blocks-traffic");
  });

  it("does not flag a namespace named for where the Service lives", () => {
    expect(flagged(grade("payments lives in billing, so the name needs .billing to resolve.", xns))).toEqual([]);
  });
});

describe("a DNS answer about the pods is not the connection to one", () => {
  const headless = corpusTrace("headless");
  it("does not find the direct connection in CoreDNS sending back a record per pod", () => {
    expect(found(grade("CoreDNS sends back an A record for every ready pod.", headless)).has("direct-to-pod")).toBe(
      false,
    );
  });

  it("still finds foo sending its SYN to the pod", () => {
    expect(found(grade("foo sends its SYN to the pod 10.244.1.5 on 443.", headless)).has("direct-to-pod")).toBe(true);
  });
});

describe("a name going through the search list", () => {
  it("finds the expansion", () => {
    expect(
      found(grade("The resolver runs bar through the search list before asking CoreDNS.")).has("search-domain"),
    ).toBe(true);
  });
});

describe("a pod address the overlay carries the packet to is no DNAT", () => {
  it("does not find the DNAT in the overlay's delivery to a pod address", () => {
    expect(found(grade("For 10.244.2.7 the VXLAN tunnel carries the packet to node-2.")).has("dnat")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { allowedEdits, analyseAnswer, createLexicon, editDistanceWithin, stem, tokenise } from "../../../lib/grade";
import { ationVerbStem } from "../../../lib/grade/stem";

const lexicon = createLexicon(["kubelet", "conntrack", "endpoint", "masquerade", "iptables"]);
const surfaces = (text: string) => tokenise(text, lexicon.wholeWords).tokens.map((t) => t.text);
const keys = (text: string) => analyseAnswer(text, lexicon).tokens.map((t) => t.key);

describe("normalisation and tokens", () => {
  it("keeps technical tokens whole (svc.cluster.local, kube-proxy, 10.96.0.10:53)", () => {
    expect(surfaces("Query bar.app.svc.cluster.local via kube-proxy to 10.96.0.10:53.")).toEqual([
      "query",
      "bar.app.svc.cluster.local",
      "via",
      "kube-proxy",
      "to",
      "10.96.0.10:53",
    ]);
    expect(surfaces("KUBE-SVC-5ZJGYN7BN7Z5DHZA and /etc/resolv.conf and nf_conntrack")).toEqual([
      "kube-svc-5zjgyn7bn7z5dhza",
      "and",
      "etc/resolv.conf",
      "and",
      "nf_conntrack",
    ]);
  });

  it("keeps an IPv6 address whole, and its port when it is written in brackets", () => {
    expect(surfaces("AAAA fd00:10:96::1, connect to [fd00:10:96::1]:443 or [fd00::7] (see ::1), note: done")).toEqual([
      "aaaa",
      "fd00:10:96::1",
      "connect",
      "to",
      "[fd00:10:96::1]:443",
      "or",
      "fd00::7",
      "see",
      "1",
      "note",
      "done",
    ]);
    const answer = "to [fd00:10:96::1]:443.";
    const token = tokenise(answer, lexicon.wholeWords).tokens[1];
    expect(token && answer.slice(token.start, token.end)).toBe("[fd00:10:96::1]:443");
  });

  it("splits ordinary hyphenated words but not names with digits", () => {
    expect(surfaces("pod-to-pod traffic reaches node-2")).toEqual(["pod", "to", "pod", "traffic", "reaches", "node-2"]);
  });

  it("lower-cases, applies NFKC and keeps offsets into the original string", () => {
    const answer = "ＣｏｒｅＤＮＳ returns the ﬁrst ClusterIP";
    const tokens = tokenise(answer, lexicon.wholeWords).tokens;
    expect(tokens.map((t) => t.text)).toEqual(["coredns", "returns", "the", "first", "clusterip"]);
    for (const token of tokens) {
      expect(answer.slice(token.start, token.end).normalize("NFKC").toLowerCase()).toBe(token.text);
    }
  });

  it("folds curly apostrophes and strips possessives", () => {
    expect(surfaces("kube‑proxy’s rules don’t")).toEqual(["kube-proxy", "rules", "don't"]);
  });

  it("ends sentences at full stops and bullets but not inside names; an arrow links hops of one sentence", () => {
    // an arrow chain ("resolver -> CoreDNS -> 10.96.12.34") is one sentence of linked clauses (lib/grade/clauses.ts),
    // so a hop without a subject of its own reads its actor from the hop before it
    const t = tokenise("a b.c d. e -> f\n- g", lexicon.wholeWords).tokens;
    expect(t.map((x) => x.sentence)).toEqual([0, 0, 0, 1, 1, 2]);
    expect(t.map((x) => x.gap)).toEqual(["start", "space", "space", "sentence", "arrow", "item"]);
  });
  it("reads an answer that opens with a bullet as a list from its first line", () => {
    const a = analyseAnswer(
      "- resolv.conf search list: bar.app.svc.cluster.local OK\n- CoreDNS returns 10.96.12.34",
      lexicon,
    );
    expect(a.clauses.map((c) => c.kind)).toEqual(["item", "item"]);
    expect(a.clauses[0]?.list).toBe(false);
  });
  it("reads zone-file notation's A as an A record, never the article", () => {
    const recordAt = (text: string) =>
      analyseAnswer(text, lexicon)
        .tokens.filter((t) => t.alts.includes("a-record"))
        .map((t) => t.surface);
    expect(recordAt("payments.billing.svc.cluster.local A 10.96.40.20")).toEqual(["a"]);
    expect(recordAt("bar.app.svc.cluster.local AAAA 10.96.12.34")).toEqual(["aaaa"]);
    expect(recordAt("CoreDNS gets bar.app.svc.cluster.local a moment later")).toEqual([]);
    expect(recordAt("foo connects to a 10.96.12.34 address")).toEqual([]);
  });

  it("reads an arrow chain of bare terms as a list, and a chain with a real hop as steps", () => {
    const lists = (text: string) => analyseAnswer(text, lexicon).clauses.map((c) => c.list);
    expect(lists("resolv.conf → ndots → search domain → CoreDNS → iptables → DNAT → random pod → conntrack")).toEqual(
      Array(8).fill(true),
    );
    expect(lists("resolver reads resolv.conf → CoreDNS answers → iptables → DNAT").some((l) => l)).toBe(false);
    expect(lists("foo → KUBE-SERVICES → DNAT to 10.244.2.7:8443 → bar-2").some((l) => l)).toBe(false);
    expect(lists("DNS → VXLAN to node-2 → conntrack").some((l) => l)).toBe(false);
  });

  it("reads a component name the tagger takes for a verb, right before a verb, as the next clause's subject", () => {
    const clauseStarts = (text: string) =>
      analyseAnswer(text, lexicon).clauses.map((c) => analyseAnswer(text, lexicon).tokens[c.first]?.surface);
    expect(clauseStarts("conntrack rewrites the source, and then flannel carries the packet to node-2.")).toEqual([
      "conntrack",
      "then",
    ]);
    expect(clauseStarts("The rules DNAT it and then calico routes it to node-2.")).toEqual(["the", "then"]);
    // a conjunct without a subject of its own still shares the clause
    expect(clauseStarts("conntrack rewrites the source and then carries the packet to node-2.")).toEqual(["conntrack"]);
  });

  it("reads a CV-style skills line as a list of terms, its heading colon included", () => {
    const a = analyseAnswer("- DNS: CoreDNS, CNAME/A/SRV records, stub resolvers", lexicon);
    expect(a.clauses[0]?.list).toBe(true);
  });
});

describe("synonyms and stemming", () => {
  it.each([
    ["k8s", "kubernetes"],
    ["svc", "service"],
    ["VIP", "clusterip"],
    ["virtual IP", "clusterip"],
    ["service IP", "clusterip"],
    ["kube-dns", "coredns"],
    ["kube dns", "coredns"],
    ["endpoint slices", "endpointslice"],
    ["EndpointSlice", "endpointslice"],
    ["netfilter", "iptables"],
    ["connection tracking", "conntrack"],
    ["destination NAT", "dnat"],
    ["masquerading", "snat"],
    ["/etc/resolv.conf", "resolv.conf"],
    ["load balancing", "load-balance"],
    ["round robin", "round-robin"],
  ])("%s → %s", (phrase, key) => {
    expect(keys(phrase)).toEqual([key]);
  });

  it("collapses inflections", () => {
    expect(new Set(["routes", "routed", "routing", "route"].map(stem))).toEqual(new Set(["rout"]));
    expect(stem("pods")).toBe("pod");
    expect(stem("dns")).toBe("dns");
    expect(stem("10.96.0.10")).toBe("10.96.0.10");
  });
});

describe("typo tolerance", () => {
  it("corrects one edit in long words", () => {
    expect(keys("conntrak")).toEqual(["conntrack"]);
    expect(keys("kubelte")).toEqual(["kubelet"]);
    expect(keys("masqurade")).toEqual(["snat"]);
  });

  it("never fuzzes numbers, IPs, short tokens or dotted names", () => {
    expect(allowedEdits("10.96.0.11")).toBe(0);
    expect(allowedEdits("8443")).toBe(0);
    expect(allowedEdits("ipvs")).toBe(0);
    expect(allowedEdits("nat")).toBe(0);
    expect(allowedEdits("svc.cluster.locl")).toBe(0);
    const analysed = analyseAnswer("10.96.12.35 natt dnst ipvx", lexicon);
    expect(analysed.tokens.every((t) => !t.corrected)).toBe(true);
  });

  it("allows two edits only from nine letters", () => {
    expect(allowedEdits("endpoint")).toBe(1);
    expect(allowedEdits("masquerade")).toBe(2);
    expect(editDistanceWithin("conntrack", "contrack", 2)).toBe(1);
    expect(editDistanceWithin("kubelet", "kubeelt", 2)).toBe(1); // transposition
    expect(editDistanceWithin("abcdef", "uvwxyz", 2)).toBe(3);
  });
});

describe("negation cues", () => {
  it("marks denials and the words they reach", () => {
    const tokens = analyseAnswer("CoreDNS doesn't return the pod IP, it returns the ClusterIP", lexicon).tokens;
    expect(tokens.filter((t) => t.negation).map((t) => t.surface)).toEqual(["doesn't"]);
    const comma = tokens.findIndex((t) => t.surface === "it");
    expect(tokens[comma]?.scope).not.toBe(tokens[1]?.scope);
  });

  it("ends a denial's reach at the next clause", () => {
    const tokens = analyseAnswer("there are no endpoints so iptables rejects it", lexicon).tokens;
    const no = tokens.find((t) => t.surface === "no");
    const rejects = tokens.find((t) => t.surface === "rejects");
    expect(no?.scope).not.toBe(rejects?.scope);
  });

  it("reads a negative subject as a denial ('nobody rewrites it')", () => {
    const tokens = analyseAnswer("nobody on node-1 changes the addresses on the way back", lexicon).tokens;
    expect(tokens.filter((t) => t.negation).map((t) => t.surface)).toEqual(["nobody"]);
  });

  it("does not treat 'not only' as a denial", () => {
    const tokens = analyseAnswer("not only DNS", lexicon).tokens;
    expect(tokens.some((t) => t.negation)).toBe(false);
  });
});

describe("a noun in -ation keeps its verb's stem beside its own", () => {
  it.each([
    ["translation", "translat"],
    ["translations", "translat"],
    ["encapsulation", "encapsulat"],
    ["rotation", "rotat"],
    ["creation", "creat"],
    ["connection", null],
    ["nation", null],
    ["translate", null],
  ] as const)("%s → %s", (word, verb) => {
    expect(ationVerbStem(word)).toBe(verb);
    if (verb !== null) expect(stem(verb + "e")).toBe(verb);
  });

  it("so a pattern written from the verb (translat*) reads the noun", () => {
    const token = analyseAnswer("the reverse translation", lexicon).tokens[2];
    expect(token?.key).toBe(stem("translation"));
    expect(token?.alts).toContain("translat");
  });
});

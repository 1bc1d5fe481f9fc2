import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  CONCEPT_IDS,
  checkAnswer,
  conceptsFor,
  gradeAnswer,
  GRADER_VERSION,
  MAX_ANSWER_CHARS,
  MISCONCEPTION_IDS,
  orderOf,
  parseRubricTuning,
  runRubricSamples,
  verdictOf,
} from "../../../lib/grade";
import { SEED_SCENARIO, traceScenario, validateScenario, type ScenarioInput, type Trace } from "../../../lib/sim";
import { corpusTrace } from "./corpus-scenarios";
import { flagged, found, grade } from "./graded";

function traceOf(change: (s: ScenarioInput) => ScenarioInput): Trace {
  const v = validateScenario(change(structuredClone(SEED_SCENARIO)));
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return traceScenario(v.value, { seed: 1 });
}

describe("grade shape (the public JSON shape in lib/schemas/grade.ts)", () => {
  it("has the binding fields, integer score in 0..100 and version", () => {
    const g = grade("CoreDNS returns the ClusterIP and iptables DNATs it to a pod.");
    expect(Object.keys(g)).toEqual(
      expect.arrayContaining(["score", "verdict", "concepts", "order", "misconceptions", "feedback"]),
    );
    expect(Number.isInteger(g.score)).toBe(true);
    expect(g.score).toBeGreaterThanOrEqual(0);
    expect(g.score).toBeLessThanOrEqual(100);
    expect(g.graderVersion).toBe(GRADER_VERSION);
    for (const c of g.concepts)
      expect(Object.keys(c)).toEqual(expect.arrayContaining(["id", "label", "found", "required", "evidence"]));
    expect(g.order.outOfOrder).toEqual([]);
    expect(g.misconceptions).toEqual([]);
  });

  it("shows the calculation that gives the score", () => {
    const g = grade("The search list expands bar; CoreDNS returns the ClusterIP; conntrack translates the reply back.");
    const { coverage, order, penalty } = g.calculation;
    expect(g.score).toBe(
      Math.round(100 * (coverage.foundWeight / coverage.totalWeight) * (0.75 + 0.25 * order.value)) - penalty,
    );
  });

  it("grades empty and whitespace answers as weak with feedback, without error", () => {
    for (const answer of ["", "   \n\t "]) {
      const g = grade(answer);
      expect(g.verdict).toBe("weak");
      expect(g.score).toBe(0);
      expect(g.feedback.length).toBeGreaterThan(0);
    }
  });

  it("refuses answers over the limit with a value naming it", () => {
    expect(checkAnswer("x".repeat(MAX_ANSWER_CHARS)).ok).toBe(true);
    const result = gradeAnswer("x".repeat(MAX_ANSWER_CHARS + 1), corpusTrace("seed"));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe("ANSWER_TOO_LONG");
      expect(result.limit).toBe(20_000);
      expect(result.message).toContain("20000");
    }
  });

  it("matches scenario values exactly: a near-miss IP or port earns nothing", () => {
    const concept = (answer: string, id: string) => grade(answer).concepts.find((c) => c.id === id)?.found;
    expect(concept("The answer is 10.96.12.34.", "dns-answers-clusterip")).toBe(true);
    expect(concept("The answer is 10.96.12.35.", "dns-answers-clusterip")).toBe(false);
    expect(concept("The answer is 10.96.12.3.", "dns-answers-clusterip")).toBe(false);
    expect(concept("Query bar.app.svc.cluster.local.", "search-domain")).toBe(true);
    expect(concept("Query bar.ap.svc.cluster.locl.", "search-domain")).toBe(false);
  });

  it("quotes evidence from the original answer", () => {
    const answer = "First, ＣｏｒｅＤＮＳ answers with the virtual IP 10.96.12.34.";
    const g = grade(answer);
    const c = g.concepts.find((x) => x.id === "dns-answers-clusterip");
    expect(c?.found).toBe(true);
    expect(c?.evidence && answer.slice(c.evidence.start, c.evidence.end)).toBe(c?.evidence?.text);
  });
});

describe("concepts follow the trace (the scenario variants)", () => {
  const ids = (t: Trace) => conceptsFor(t).map((c) => c.id);
  it("seed: ClusterIP path with DNAT and reverse NAT, scenario values in labels", () => {
    const concepts = conceptsFor(corpusTrace("seed"));
    expect(ids(corpusTrace("seed"))).toEqual(
      expect.arrayContaining(["search-domain", "dns-answers-clusterip", "dnat", "conntrack-reverse"]),
    );
    expect(concepts.find((c) => c.id === "search-domain")?.label).toContain("bar.app.svc.cluster.local");
    expect(concepts.find((c) => c.id === "dns-answers-clusterip")?.label).toContain("10.96.12.34");
  });
  it("headless: pod IPs from DNS, no ClusterIP, no DNAT", () => {
    const list = ids(corpusTrace("headless"));
    expect(list).toEqual(expect.arrayContaining(["dns-answers-pod-ips", "direct-to-pod"]));
    expect(list).not.toContain("dns-answers-clusterip");
    expect(list).not.toContain("dnat");
    expect(list).not.toContain("conntrack-reverse");
  });
  it("no endpoints: still resolves, REJECT, refused", () => {
    const list = ids(corpusTrace("no-endpoints"));
    expect(list).toEqual(
      expect.arrayContaining(["dns-answers-clusterip", "no-ready-endpoints", "reject-rule", "connection-refused"]),
    );
    expect(list).not.toContain("dnat");
  });
  it("IPVS: a virtual server instead of iptables chains; ClusterIP on kube-ipvs0 is not a misconception", () => {
    const trace = traceOf((s) => ({ ...s, kubeProxy: { mode: "ipvs" } }));
    const match = conceptsFor(trace).find((c) => c.id === "proxy-service-match");
    expect(match?.label).toMatch(/IPVS/);
    const g = grade(
      "The ClusterIP is assigned to the kube-ipvs0 dummy interface on the node; IPVS picks a pod round robin.",
      trace,
    );
    expect(flagged(g)).not.toContain("clusterip-on-interface");
    expect(found(g).has("endpoint-selection")).toBe(true);
    const iptables = grade("The ClusterIP is assigned to the node's eth0 interface.");
    expect(flagged(iptables)).toContain("clusterip-on-interface");
  });
  it("NodeLocal DNSCache replaces the DNS packet's DNAT", () => {
    const trace = traceOf((s) => ({ ...s, dns: { ...s.dns, nodeLocalDNS: "169.254.20.10" } }));
    expect(ids(trace)).toContain("node-local-dns");
    expect(ids(trace)).not.toContain("dns-service-nat");
  });
  it("a cross-namespace name needs the namespace", () => {
    const trace = traceOf((s) => ({
      ...s,
      namespaces: [...(s.namespaces ?? []), "other"],
      pods: s.pods.map((p) => (p.name.startsWith("bar") ? { ...p, namespace: "other" } : p)),
      services: s.services.map((x) => ({ ...x, namespace: "other" })),
      request: { from: "app/foo", url: "https://bar.other/" },
    }));
    expect(ids(trace)).toContain("namespace-in-name");
    expect(
      found(grade("foo must use bar.other because the Service lives in another namespace.", trace)).has(
        "namespace-in-name",
      ),
    ).toBe(true);
  });
  it.each([
    [
      "It goes through the search list, and the first candidate, payments.billing.app.svc.cluster.local, already resolves to 10.96.40.20.",
      true,
    ],
    ["The resolver tries payments.billing.app.svc.cluster.local, fails with NXDOMAIN, then gets 10.96.40.20.", false],
    ["The first candidate is payments.billing.app.svc.cluster.local, which fails with NXDOMAIN.", false],
    // the name's predicate after an anaphor ("that name", "it") in the next clause
    [
      "It asks CoreDNS for payments.billing.app.svc.cluster.local, and that name resolves right away to 10.96.40.20.",
      true,
    ],
    ["It asks CoreDNS for payments.billing.app.svc.cluster.local, and it comes back NXDOMAIN.", false],
    // the server answering the quoted name back ("CoreDNS answers that name"), a bare "which" + verb after a
    // verbless phrase ("sends … to CoreDNS, which finds it")
    [
      "It asks CoreDNS for payments.billing.app.svc.cluster.local, and CoreDNS answers that name with 10.96.40.20.",
      true,
    ],
    ["It sends payments.billing.app.svc.cluster.local to CoreDNS, which finds it and hands back 10.96.40.20.", true],
    ["It sends payments.billing.app.svc.cluster.local to CoreDNS, which answers NXDOMAIN.", false],
    ["It asks CoreDNS for payments.billing.app.svc.cluster.local, and CoreDNS answers that name with NXDOMAIN.", false],
    [
      "It asks for payments.billing.app.svc.cluster.local, then payments.billing.svc.cluster.local, which answers 10.96.40.20.",
      false,
    ],
  ])("cross-namespace: %j claims the first candidate answers: %s", (answer, wrong) => {
    const g = grade(answer, corpusTrace("cross-namespace"));
    expect(g.corrections.some((c) => c.concept === "search-domain" && c.kind === "value")).toBe(wrong);
  });

  it.each([
    ["With plain payments CoreDNS would still locate the Service in whatever namespace it lives in.", true],
    ["CoreDNS finds payments in whatever namespace it lives in.", true],
    ["CoreDNS locates payments.billing in the billing namespace and answers 10.96.40.20.", false],
  ])("cross-namespace: %j says a bare name crosses namespaces: %s", (answer, wrong) => {
    expect(flagged(grade(answer, corpusTrace("cross-namespace"))).includes("short-name-crosses-namespaces")).toBe(
      wrong,
    );
  });

  it.each([
    [
      "CoreDNS gets bar.app.svc.cluster.local and sees that bar is an ExternalName pointing at api.partner.example.com.",
      false,
    ],
    ["CoreDNS's answer points foo at api.partner.example.com.", true],
    ["CoreDNS returns a CNAME to api.partner.example.com.", true],
  ])("ExternalName: %j states the CNAME answer: %s", (answer, cname) => {
    expect(found(grade(answer, corpusTrace("external-name"))).has("dns-cname")).toBe(cname);
  });

  it("/etc/hosts: a hostAliases entry answers the lookup, so no DNS step is expected", () => {
    const trace = corpusTrace("hosts-alias");
    const ids = conceptsFor(trace).map((c) => c.id);
    expect(ids).toContain("hosts-file");
    for (const dns of ["resolv-conf", "search-domain", "dns-query", "dns-answers-clusterip", "upstream-resolution"])
      expect(ids).not.toContain(dns);
    // the connection is still bar's Service traffic
    expect(ids).toEqual(expect.arrayContaining(["proxy-service-match", "dnat", "conntrack-reverse"]));

    const right = grade(
      "foo's resolver reads /etc/hosts before DNS and its hostAliases entry gives 10.96.12.34, so no query goes to CoreDNS.",
      trace,
    );
    expect(found(right).has("hosts-file")).toBe(true);
    expect(flagged(right)).toEqual([]);

    const viaDns = grade(
      "The resolver appends the search domain and asks CoreDNS for bar.app.svc.cluster.local.",
      trace,
    );
    expect(found(viaDns).has("hosts-file")).toBe(false);
    expect(flagged(viaDns)).toEqual(["hosts-entry-ignored"]);

    const wrongActor = grade("CoreDNS reads foo's /etc/hosts and answers 10.96.12.34 for bar.", trace);
    expect(wrongActor.corrections.map((c) => `${c.concept}/${c.kind}`)).toContain("hosts-file/actor");
    const wrongAddress = grade(
      "The resolver reads /etc/hosts first; the hostAliases entry maps bar to 10.96.0.10.",
      trace,
    );
    expect(wrongAddress.corrections.find((c) => c.concept === "hosts-file" && c.kind === "value")?.right).toBe(
      "10.96.12.34",
    );
    // without an entry for the name the file is no step and DNS is
    expect(conceptsFor(corpusTrace("seed")).map((c) => c.id)).not.toContain("hosts-file");
  });

  it("autopath: the CNAME's target is the name that answered, CoreDNS may walk the search path", () => {
    const trace = corpusTrace("cross-namespace-autopath");
    const ids = conceptsFor(trace).map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(["namespace-in-name", "dns-answers-clusterip", "dnat"]));
    expect(ids).not.toContain("upstream-resolution");
    const g = grade(
      "CoreDNS autopaths the first query, payments.billing.app.svc.cluster.local: it walks foo's search path itself and answers with a CNAME to payments.billing.svc.cluster.local and the A record 10.96.40.20.",
      trace,
    );
    expect(found(g).has("dns-answers-clusterip")).toBe(true);
    expect(g.corrections.filter((c) => c.concept === "search-domain")).toEqual([]);
    const classic =
      "payments.billing.app.svc.cluster.local is NXDOMAIN, so the resolver sends a second query for payments.billing.svc.cluster.local.";
    expect(flagged(grade(classic, trace))).toEqual(["autopath-ignored"]);
    // without autopath that is the true path
    expect(flagged(grade(classic, corpusTrace("cross-namespace")))).toEqual([]);
  });

  it("dual-stack: the backend's port is read from an IPv6 endpoint too", () => {
    const receive = conceptsFor(corpusTrace("dual-stack")).find((c) => c.id === "pod-receive");
    expect(receive?.label).toBe("The backend pod receives the request on port 8443");
  });

  it("dual-stack: an IPv6 value is checked against the IPv6 ClusterIP and endpoints", () => {
    const ds = corpusTrace("dual-stack");
    const valueFixes = (answer: string) =>
      grade(answer, ds)
        .corrections.filter((c) => c.kind === "value")
        .map((c) => `${c.concept} ${c.right}`);
    expect(valueFixes("CoreDNS answers A 10.96.12.34 and AAAA fd00:10:96::a.")).toEqual([
      "dns-answers-clusterip fd00:10:96::1",
    ]);
    expect(valueFixes("CoreDNS answers A 10.96.12.34 and AAAA fd00:10:96::1.")).toEqual([]);
    expect(valueFixes("The rules DNAT it to [fd00:10:244:2::7]:8443.")).toEqual([]);
    expect(valueFixes("The rules DNAT it to [fd00:10:244:2::7]:443.")).toEqual(["dnat [fd00:10:244:2::7]:8443"]);
    // a pod reached at its IPv6 address is still named by its name
    expect(found(grade("KUBE-SVC-5ZJGYN7BN7Z5DHZA picks bar-2 at random.", ds)).has("endpoint-selection")).toBe(true);
  });

  it("dual-stack: labels name both ClusterIPs and the family foo connected over", () => {
    const byId = new Map(conceptsFor(corpusTrace("dual-stack")).map((c) => [c.id, c.label]));
    expect(byId.get("dns-answers-clusterip")).toBe(
      "CoreDNS answers with the Service's ClusterIPs, A 10.96.12.34 and AAAA fd00:10:96::1",
    );
    expect(byId.get("app-connect")).toContain("[fd00:10:96::1]:443");
    expect(byId.get("conntrack-reverse")).toContain("[fd00:10:96::1]:443");
    // single-stack labels are unchanged
    expect(conceptsFor(corpusTrace("seed")).find((c) => c.id === "app-connect")?.label).toContain("10.96.12.34:443");
  });

  it("ExternalName: a CNAME, no kube-proxy", () => {
    const trace = traceOf((s) => ({
      ...s,
      services: s.services.map((x) => ({
        ...x,
        type: "ExternalName" as const,
        clusterIP: null,
        selector: null,
        externalName: "api.example.com",
      })),
      externalDNS: { "api.example.com": ["93.184.216.34"] },
    }));
    expect(ids(trace)).toEqual(expect.arrayContaining(["dns-cname", "direct-to-external"]));
    expect(ids(trace)).not.toContain("proxy-service-match");
    const right = grade(
      "CoreDNS answers with a CNAME to api.example.com and foo connects to it directly, no kube-proxy.",
      trace,
    );
    expect(found(right).has("dns-cname")).toBe(true);
    expect(flagged(right)).toEqual([]);
    expect(flagged(grade("kube-proxy DNATs the traffic to api.example.com.", trace))).toContain(
      "externalname-gets-dnat",
    );
  });
  it("background facts count anywhere and stay out of the order", () => {
    const g = grade("conntrack rewrites the reply back to the ClusterIP. Earlier, kubelet wrote resolv.conf.");
    expect(found(g).has("bg-kubelet-resolv-conf")).toBe(true);
    expect(g.order.outOfOrder).not.toContain("bg-kubelet-resolv-conf");
  });
});

describe("external-name: the absence of the proxy is its own fact, not the connection", () => {
  it.each([
    ["bar has no ClusterIP and kube-proxy writes no rules for it.", true, false],
    ["kube-proxy ignores ExternalName Services.", true, false],
    ["foo connects straight to 203.0.113.7:443.", false, true],
    ["There is no ClusterIP, so foo's SYN goes to 203.0.113.7:443 unchanged: no DNAT.", true, true],
    ["foo's packet is DNATed and goes to 203.0.113.7:443.", false, false],
  ])("%j: externalname-no-proxy %s, direct-to-external %s", (answer, noProxy, direct) => {
    const g = grade(answer, corpusTrace("external-name"));
    expect(found(g).has("externalname-no-proxy")).toBe(noProxy);
    expect(found(g).has("direct-to-external")).toBe(direct);
  });
  it("is graded only for an ExternalName Service", () => {
    for (const scenario of ["seed", "headless", "cross-namespace"] as const)
      expect(grade("bar has no ClusterIP.", corpusTrace(scenario)).concepts.map((c) => c.id)).not.toContain(
        "externalname-no-proxy",
      );
  });
});

describe("misconceptions and negation", () => {
  it.each([
    ["CoreDNS returns the pod IP of one of the bar pods.", "dns-returns-pod-ip"],
    ["CoreDNS load balances the traffic across the bar pods.", "coredns-load-balances"],
    ["kube-proxy answers the DNS query for bar.", "kube-proxy-answers-dns"],
    ["kube-proxy forwards every packet in userspace.", "kube-proxy-forwards-traffic"],
    ["The reply goes straight back to foo.", "no-reverse-nat"],
    ["The ClusterIP is assigned to an interface on the node.", "clusterip-on-interface"],
  ])("flags %j as %s, with an explanation and feedback", (answer, id) => {
    const g = grade(answer);
    expect(flagged(g)).toContain(id);
    const m = g.misconceptions.find((x) => x.id === id);
    expect(m?.explanation.length).toBeGreaterThan(20);
    expect(g.feedback).toContain(m?.explanation);
    expect(answer.slice(m?.evidence.start, m?.evidence.end)).toBe(m?.evidence.text);
  });

  it.each([
    "CoreDNS does not return the pod IP; it returns the ClusterIP.",
    "It is a myth that CoreDNS load balances the traffic.",
    "kube-proxy never answers DNS queries.",
    "kube-proxy doesn't forward packets in userspace; iptables does the work.",
    "The reply does not go straight back: conntrack rewrites it.",
    "The ClusterIP is not assigned to any interface.",
    "Does CoreDNS return the pod IP? No.",
  ])("does not flag the denial %j", (answer) => {
    expect(flagged(grade(answer))).toEqual([]);
  });

  it.each([
    "CoreDNS returns the ClusterIP, which iptables later maps to a pod IP.",
    "DNS gives back the service IP; only after DNAT does the packet carry the pod IP.",
    "kube-proxy programs iptables rules that forward traffic to the pods.",
    "kube-proxy watches the API server and writes the rules; the kernel forwards the packets.",
    "The response is sent straight back to foo's pod IP, and conntrack on foo's node swaps the source back to the ClusterIP.",
    "Traffic to the kube-dns service is load balanced across the CoreDNS pods by kube-proxy.",
    "kube-proxy load balances connections across the bar pods using iptables rules.",
    "The DNS query goes through the kube-dns Service, which kube-proxy DNATs to a CoreDNS pod.",
    "foo receives the reply from 10.96.12.34:443 after conntrack has undone the DNAT.",
    "In userspace mode, which is long gone, kube-proxy used to proxy packets itself; today iptables does it in the kernel.",
    "Back in the userspace-proxy days kube-proxy accepted the connection itself; nowadays it only programs rules.",
    "conntrack on node-1 rewrites the reply's source; nothing else changes on the way back.",
    "conntrack rewrites the reply; nobody else changes it on the way back.",
    "bar-1's address is assigned to its eth0 interface on node-1.",
    "The CNI puts each pod IP on the pod's eth0, a veth whose other end is on node-1.",
  ])("does not flag the correct statement %j", (answer) => {
    expect(flagged(grade(answer))).toEqual([]);
  });

  it.each([
    ["The DNS server resolves bar to one of the pod IPs.", "dns-returns-pod-ip"],
    ["kube-proxy is the cluster's DNS server.", "kube-proxy-answers-dns"],
    ["kube-proxy receives the connection and proxies it to a pod.", "kube-proxy-forwards-traffic"],
    ["CoreDNS picks which bar pod gets the request.", "coredns-load-balances"],
    ["The reply comes directly back to foo from the pod without any translation.", "no-reverse-nat"],
    ["The ClusterIP is bound to the node's network interface.", "clusterip-on-interface"],
    ["bar-2 replies; nobody on node-1 changes the addresses on the way back.", "no-reverse-nat"],
    ["bar-2 replies, and nobody on node-1 has any reason to rewrite the addresses on the way back.", "no-reverse-nat"],
    ["On the reply there's no rewriting at all, bar-2 answers foo from its own address.", "no-reverse-nat"],
    ["Nothing is translated on the way back: bar-2's reply reaches foo as it left.", "no-reverse-nat"],
    ["Nobody rewrites bar-2's reply on its way to foo.", "no-reverse-nat"],
    ["Spreading the traffic is CoreDNS's job: it steers each client to another pod.", "coredns-load-balances"],
    ["CoreDNS rotates the connections between bar-1 and bar-2.", "coredns-load-balances"],
    [
      "CoreDNS answers 10.96.12.34; that address is configured on node-1's eth0 as a secondary IP.",
      "clusterip-on-interface",
    ],
  ])("flags the paraphrase %j as %s", (answer, id) => {
    expect(flagged(grade(answer))).toContain(id);
  });

  it.each([
    [
      "cross-namespace",
      "Between namespaces the cluster network is closed by default, so somebody must first create a NetworkPolicy.",
      "namespace-blocks-traffic",
    ],
    ["cross-namespace", "You need a NetworkPolicy that allows app to reach billing.", "namespace-blocks-traffic"],
    [
      "external-name",
      "CoreDNS then opens the connection to api.partner.example.com on foo's behalf.",
      "coredns-proxies-traffic",
    ],
    ["external-name", "CoreDNS passes the partner's HTTPS response back to foo.", "coredns-proxies-traffic"],
    [
      "headless",
      "The netfilter rules on node-1 still spread foo's connections across the two pods.",
      "headless-gets-dnat",
    ],
  ] as const)("%s: flags the paraphrase %j as %s", (scenario, answer, id) => {
    expect(flagged(grade(answer, corpusTrace(scenario)))).toContain(id);
  });

  it.each([
    ["cross-namespace", "No NetworkPolicy is needed: namespaces do not block traffic by default."],
    ["external-name", "CoreDNS forwards the query upstream and returns the CNAME and the A record."],
    ["headless", "No netfilter rules spread the connections: foo connects to the pod IP itself."],
  ] as const)("%s: the true statement %j is no misconception", (scenario, answer) => {
    expect(flagged(grade(answer, corpusTrace(scenario)))).toEqual([]);
  });

  it.each([
    ["Resolver, resolv.conf, ndots:5, so bar.app.svc.cluster.local first.", true],
    ["resolv.conf, ndots:5, bar.app.svc.cluster.local, CoreDNS", false],
  ])("a value concluded from a list of terms is stated, a value in the list is not: %j", (answer, stated) => {
    expect(found(grade(answer)).has("search-domain")).toBe(stated);
  });

  it.each([
    // a list item quoting this trace's own values states them
    ["Resolver: resolv.conf, ndots:5, bar.app.svc.cluster.local, A + AAAA to 10.96.0.10.", "search-domain", "found"],
    ["Search list first: bar.app.svc.cluster.local.", "search-domain", "found"],
    // a bare list of the same terms only names them
    ["Resolver: resolv.conf, ndots, search domain, CoreDNS, A + AAAA.", "search-domain", "mentioned"],
    ["Resolver: resolv.conf, ndots, search domain, CoreDNS, A + AAAA.", "resolv-conf", "mentioned"],
    // a value the trace does not have is no statement of the step, and is corrected
    [
      "Resolver: resolv.conf, ndots:5, bar.default.svc.cluster.local, A + AAAA to 10.96.0.10.",
      "search-domain",
      "partial",
    ],
  ] as const)(
    "a list quoting the trace's values states them, a bare list names terms: %j (%s %s)",
    (answer, id, status) => {
      expect(grade(answer).concepts.find((c) => c.id === id)?.status).toBe(status);
    },
  );

  it.each([
    [
      "headless",
      "foo resolves bar-0.bar.app.svc.cluster.local to exactly that pod's IP.",
      "dns-answers-pod-ips",
      false,
    ],
    [
      "seed",
      "CoreDNS resolves baz.app.svc.cluster.local to the ClusterIP 10.96.12.34.",
      "dns-answers-clusterip",
      false,
    ],
    [
      "seed",
      "CoreDNS resolves bar.default.svc.cluster.local to the ClusterIP 10.96.12.34.",
      "dns-answers-clusterip",
      true,
    ],
    ["seed", "CoreDNS resolves bar.app.svc.cluster.local to the ClusterIP 10.96.12.34.", "dns-answers-clusterip", true],
  ] as const)("%s: %j is this request's DNS answer (%s): %s", (scenario, answer, concept, credited) => {
    expect(found(grade(answer, corpusTrace(scenario))).has(concept)).toBe(credited);
  });

  it.each([
    // a backend pod heading a step with a colon is where the step goes
    ["- this time bar-2: DNAT to 10.244.2.7:8443, VXLAN to node-2", false],
    // named as the step's subject it is a wrong actor
    ["- bar-2 DNATs the packet to 10.244.2.7:8443, VXLAN to node-2", true],
  ] as const)("%j: the backend as the DNAT's doer: %s", (answer, wrong) => {
    const actors = grade(answer).corrections.filter((c) => c.kind === "actor" && c.concept === "dnat");
    expect(actors.length > 0).toBe(wrong);
  });

  it.each([
    // a noun in -ation is read by the patterns written from its verb (encapsulat*, translat*)
    ["seed", "Encapsulation takes it to node-2.", "routing", true],
    ["headless", "The reply needs nothing like a translation.", "reply-direct", true],
    // the record of the translation is conntrack-records, not the reply's rewrite
    ["seed", "conntrack records the translation.", "conntrack-reverse", false],
  ] as const)("%s: %j states %s: %s", (scenario, answer, id, stated) => {
    expect(found(grade(answer, corpusTrace(scenario))).has(id)).toBe(stated);
  });

  it.each([
    // a condition ("if …") is a clause of its own: its verb is not the claim's
    ["The resolver asks CoreDNS first and only falls back to the hosts file if DNS has no answer.", false],
    ["The resolver reads the hosts file first, even if CoreDNS has a record for bar.", true],
  ] as const)("hosts-alias: %j states the hosts-file lookup: %s", (answer, stated) => {
    expect(found(grade(answer, corpusTrace("hosts-alias"))).has("hosts-file")).toBe(stated);
  });

  it.each([
    // a name a connection is opened to is a destination, not the CNAME's target
    ["CoreDNS opens the connection to api.partner.example.com and hands the response back to foo.", false],
    ["CoreDNS answers with a CNAME to api.partner.example.com, so foo connects to 203.0.113.7.", true],
    ["CoreDNS returns api.partner.example.com and its address 203.0.113.7.", true],
  ] as const)("external-name: %j states the CNAME answer: %s", (answer, stated) => {
    expect(found(grade(answer, corpusTrace("external-name"))).has("dns-cname")).toBe(stated);
  });

  it("a denial takes the noun after it, not the name its 'for' phrase is about", () => {
    const g = grade(
      "CoreDNS withdraws bar's record, so there's no answer for bar.app.svc.cluster.local.",
      corpusTrace("no-endpoints"),
    );
    expect(found(g).has("search-domain")).toBe(true);
    expect(g.corrections.some((c) => c.concept === "search-domain")).toBe(false);
    expect(flagged(g)).toEqual(["no-endpoints-dns-fails"]);
    // the cue right before the step still denies it
    expect(found(grade("There is no DNAT for this connection.")).has("dnat")).toBe(false);
  });

  // a denied rewrite denies the rewrite: the reply it is said of still exists (a pod-reply or app-response
  // polarity correction here would contradict a claim the learner never made)
  it.each([
    "Nobody rewrites bar-2's reply on its way to foo.",
    "Nothing rewrites the reply bar-2 sends back to foo.",
    "No component rewrites the reply from bar-2 to foo.",
    "No component on node-1 changes bar-2's reply to foo.",
    "The reply from bar-2 to foo is never rewritten.",
    "There is no rewrite of the reply bar-2 sends to 10.244.1.10.",
    "There is no rewriting of bar-2's reply on its way back to foo.",
  ])("a denied rewrite of the reply is no-reverse-nat and denies no other step: %j", (answer) => {
    const g = grade(answer);
    expect(flagged(g)).toContain("no-reverse-nat");
    const denied = g.concepts.filter((c) => c.status === "denied").map((c) => c.id);
    expect(denied.filter((id) => id !== "conntrack-reverse")).toEqual([]);
    expect(g.corrections.filter((c) => c.kind === "polarity" && c.concept !== "conntrack-reverse")).toEqual([]);
  });

  it.each([
    ["There is no reply from bar-2 to foo.", "pod-reply"],
    ["bar-2 never sends a reply back to foo.", "pod-reply"],
    ["Nobody rewrites the destination: the packet goes to 10.96.12.34 as it is.", "dnat"],
    ["Nothing changes the reply's source back to 10.96.12.34 on node-1.", "conntrack-reverse"],
  ])("a denial of the step itself still denies it: %j (%s)", (answer, concept) => {
    const g = grade(answer);
    expect(g.concepts.find((c) => c.id === concept)?.status).toBe("denied");
  });

  it("a wrong DNS answer still says cluster DNS was asked", () => {
    const g = grade("Then the DNS give back directly the addresses of the bar pods themself.");
    expect(flagged(g)).toEqual(["dns-returns-pod-ip"]);
    expect(found(g).has("dns-query")).toBe(true);
    expect(found(grade("The reply to the DNS returns through conntrack.")).has("dns-query")).toBe(false);
  });

  it("a misconception lowers the score", () => {
    const good =
      "resolv.conf search list, CoreDNS returns the ClusterIP, iptables DNATs to a pod, conntrack translates back.";
    const bad = `${good} CoreDNS load balances the traffic.`;
    expect(grade(bad).score).toBeLessThan(grade(good).score);
  });

  it.each([
    ["I think even a headless Service still has a virtual IP that CoreDNS hands out.", "headless-returns-clusterip"],
    ["kube-proxy's iptables rules DNAT the connection to one of the bar pods.", "headless-gets-dnat"],
  ])(
    "headless: flags %j as %s and credits neither the absence of a ClusterIP nor a direct connection",
    (answer, id) => {
      const g = grade(answer, corpusTrace("headless"));
      expect(flagged(g)).toEqual([id]);
      expect(found(g).has("headless-no-clusterip")).toBe(false);
      expect(found(g).has("direct-to-pod")).toBe(false);
    },
  );

  it("headless: returning pod IPs is right, a ClusterIP is wrong", () => {
    const trace = corpusTrace("headless");
    expect(flagged(grade("CoreDNS returns the pod IPs.", trace))).toEqual([]);
    expect(flagged(grade("CoreDNS returns the ClusterIP.", trace))).toContain("headless-returns-clusterip");
  });
});

describe("order", () => {
  it("keeps the longest in-order run and reports the rest", () => {
    const r = orderOf([
      { id: "a", rank: 1, position: 0 },
      { id: "c", rank: 3, position: 10 },
      { id: "b", rank: 2, position: 20 },
      { id: "d", rank: 4, position: 30 },
    ]);
    expect(r.score).toBe(0.75);
    // a-b-d and a-c-d are equally long; the run keeping the earlier phases wins, so c, told before b although it
    // happens after it, is the step that jumped ahead (as "reverse NAT before delivery" flags the reverse NAT)
    expect(r.outOfOrder).toEqual(["c"]);
  });
  it("flags the step told too early, not the one it pushed later", () => {
    const r = orderOf([
      { id: "dnat", rank: 5, position: 0 },
      { id: "routing", rank: 6, position: 10 },
      { id: "reverse", rank: 8, position: 20 },
      { id: "deliver", rank: 7, position: 30 },
    ]);
    expect(r.outOfOrder).toEqual(["reverse"]);
  });
  it("treats equal ranks as ties", () => {
    expect(
      orderOf([
        { id: "x", rank: 2, position: 5 },
        { id: "y", rank: 2, position: 1 },
      ]).score,
    ).toBe(1);
  });
  it("reverse order keeps one", () => {
    const r = orderOf([3, 2, 1].map((rank, i) => ({ id: String(rank), rank, position: i })));
    expect(r.score).toBeCloseTo(1 / 3);
  });
  it("a later block the answer marks as looking back is the afterthought, however long", () => {
    const told = [
      { id: "direct", rank: 5, position: 0 },
      { id: "routing", rank: 6, position: 10 },
      { id: "query", rank: 1, position: 20 },
      { id: "answer", rank: 3, position: 30 },
      { id: "search", rank: 1, position: 40 },
      { id: "resolv", rank: 1, position: 50 },
    ];
    expect(orderOf(told, (p) => p === 20).outOfOrder).toEqual(["query", "answer", "search", "resolv"]);
    // told as what comes next ("First … Then …"): the longest run stands and the early block jumped ahead
    expect(orderOf(told).outOfOrder).toEqual(["direct", "routing", "answer"]);
  });
  it("a step read only as the doer of another step's claim is not placed of its own", () => {
    const g = grade(
      "When foo sends its request, the iptables rules on node-1 DNAT it to 10.244.1.5:8443. After that the resolver reads resolv.conf and the search list gives bar.app.svc.cluster.local, which CoreDNS resolves to the ClusterIP 10.96.12.34.",
    );
    expect(g.order.outOfOrder).toEqual(["dnat"]);
  });
  it("routing told before the DNAT changes the meaning and corrects where the DNAT happens", () => {
    const g = grade(
      "The resolver applies the search list from resolv.conf and asks CoreDNS for bar.app.svc.cluster.local, which returns the ClusterIP 10.96.12.34. foo connects to 10.96.12.34:443. The packet is routed to node-2, and there the iptables rules match the ClusterIP, choose bar-2 at random and DNAT it to 10.244.2.7:8443. bar-2 replies and conntrack rewrites the reply's source back to 10.96.12.34:443.",
    );
    expect(g.order.outOfOrder).toEqual(["routing"]);
    expect(g.order.misplaced[0]?.changesMeaning).toBe(true);
    expect(g.corrections.some((k) => k.concept === "dnat" && k.kind === "value" && k.right === "node-1")).toBe(true);
    expect(g.verdict).toBe("partial");
  });
  it.each([
    [
      "Right after that, conntrack rewrites the source back to 10.96.12.34:443, and then flannel carries the packet over VXLAN to node-2, where bar-2 receives it.",
      ["conntrack-reverse"],
    ],
    [
      "Then flannel carries the packet over VXLAN to node-2, bar-2 replies, and conntrack rewrites the source back to 10.96.12.34:443.",
      [],
    ],
  ])("the reverse NAT and the delivery told in one sentence keep their own places: %s", (tail, misplaced) => {
    const g = grade(
      `The resolver reads resolv.conf and asks CoreDNS for bar.app.svc.cluster.local, which returns 10.96.12.34. foo connects to 10.96.12.34:443, KUBE-SERVICES matches it and the rules DNAT it to 10.244.2.7:8443. ${tail}`,
    );
    expect(found(g).has("routing")).toBe(true);
    expect(g.order.outOfOrder).toEqual(misplaced);
  });
  it.each([
    // the reply leg crosses the bridge told before the connect: it is not the forward delivery
    [
      "headless",
      "bar-1 at 10.244.1.5 answers foo across the cni0 bridge on node-1. foo's resolver reads resolv.conf, CoreDNS returns 10.244.1.5 and 10.244.2.7, foo connects straight to 10.244.1.5 and the cni0 bridge delivers it.",
      [],
    ],
    [
      "seed",
      "Its reply goes back over cni0 to foo. The resolver reads resolv.conf, CoreDNS answers 10.96.12.34, foo connects to 10.96.12.34:443, the rules DNAT it to 10.244.1.5:8443 and conntrack rewrites the reply's source back to 10.96.12.34:443.",
      [],
    ],
    // the forward delivery itself, told before the connect, still is
    [
      "headless",
      "The cni0 bridge delivers the packet to bar-1. foo's resolver reads resolv.conf, CoreDNS returns 10.244.1.5 and 10.244.2.7, and foo connects straight to 10.244.1.5.",
      ["routing"],
    ],
  ] as const)("%s: a reply leg places no forward step: %s", (scenario, answer, misplaced) => {
    const g = grade(answer, corpusTrace(scenario));
    expect(g.order.outOfOrder).toEqual(misplaced);
  });
  it("the DNS answer named as an answer for the name is no reply leg", () => {
    const g = grade(
      "foo's resolver reads resolv.conf; the answer for bar.app.svc.cluster.local is 10.244.1.5 and 10.244.2.7. foo connects straight to 10.244.1.5, no DNAT, and the cni0 bridge delivers it.",
      corpusTrace("headless"),
    );
    expect(found(g).has("dns-answers-pod-ips")).toBe(true);
    expect(g.order.outOfOrder).toEqual([]);
  });
  it("the DNS packet's own NAT and reply place none of the connection's steps", () => {
    const g = grade(
      "The resolver reads resolv.conf and sends the query for bar.app.svc.cluster.local to 10.96.0.10. Those DNS packets are DNATed by the node's rules to one of the CoreDNS pods, whichever the random rule picks, and conntrack reverses it. CoreDNS answers with the ClusterIP 10.96.12.34. foo connects to 10.96.12.34:443, KUBE-SERVICES matches it, a random endpoint is chosen and the packet is DNATed to 10.244.2.7:8443, routed to node-2 over VXLAN, and conntrack rewrites the reply's source back to 10.96.12.34:443.",
    );
    expect(g.order.outOfOrder).toEqual([]);
    expect(found(g).has("dns-service-nat")).toBe(true);
  });
  it("a sentence that asks the DNS server and then connects still tells the connection's steps", () => {
    const g = grade(
      "foo reads resolv.conf, asks 10.96.0.10 for bar.app.svc.cluster.local and gets back the ClusterIP, then connects and iptables DNATs it to a pod, the CNI routes it to node-2 and conntrack reverses the NAT on the reply.",
    );
    for (const id of ["dnat", "routing", "conntrack-reverse"] as const) expect(found(g).has(id), id).toBe(true);
  });
  it("an anecdote of an incident places no step", () => {
    const g = grade(
      "I remember an incident where conntrack entries went stale and packets were DNATed to a dead pod. The resolver reads resolv.conf and the search list expands bar to bar.app.svc.cluster.local; CoreDNS answers with the ClusterIP 10.96.12.34. foo connects to 10.96.12.34:443, KUBE-SERVICES matches it, a random endpoint is chosen and the packet is DNATed to 10.244.2.7:8443, routed over VXLAN to node-2, and conntrack on node-1 rewrites the reply's source back to 10.96.12.34:443.",
    );
    expect(g.order.outOfOrder).toEqual([]);
  });
  it("a lookup command's output in a code block states the DNS answer but is not where the story tells it", () => {
    const headless = grade(
      "The search list from resolv.conf expands `bar`:\n\n```\n$ kubectl -n app exec foo -- getent ahosts bar\n10.244.1.5      bar.app.svc.cluster.local\n10.244.2.7      bar.app.svc.cluster.local\n```\n\nfoo connects straight to 10.244.1.5, no DNAT, no kube-proxy rules; the bridge delivers it.",
      corpusTrace("headless"),
    );
    expect(found(headless).has("dns-answers-pod-ips")).toBe(true);
    const shownFirst = grade(
      "```\n$ kubectl -n app exec foo -- nslookup bar\nServer: 10.96.0.10\nName: bar.app.svc.cluster.local\nAddress: 10.96.12.34\n```\nThe resolver used the search list from resolv.conf. Then foo connects, iptables DNATs to 10.244.2.7:8443, VXLAN to node-2, conntrack reverses it.",
    );
    expect(found(shownFirst).has("dns-answers-clusterip")).toBe(true);
    expect(shownFirst.order.outOfOrder).toEqual([]);
  });
  it.each([
    "I'll go through DNS first, then how iptables DNATs the packet, and finally how conntrack rewrites the reply.",
    "The key point is that conntrack rewrites the reply at the end, but let's start at the beginning.",
  ])("a sentence announcing the plan places no step: %s", (plan) => {
    const g = grade(
      `${plan} The resolver reads resolv.conf and the search list expands bar to bar.app.svc.cluster.local; CoreDNS answers with the ClusterIP 10.96.12.34. foo connects to 10.96.12.34:443, KUBE-SERVICES matches it, a random endpoint is chosen and the packet is DNATed to 10.244.2.7:8443, routed over VXLAN to node-2, and conntrack on node-1 rewrites the reply's source back to 10.96.12.34:443.`,
    );
    expect(g.order.outOfOrder).toEqual([]);
  });
  it("a step told inside a bracketed recap is not placed there", () => {
    const trace = corpusTrace("headless");
    const g = grade(
      "bar is headless, so CoreDNS returns the pod IPs 10.244.1.5 and 10.244.2.7 for bar.app.svc.cluster.local (the search list from resolv.conf expanded it). foo connects straight to one of them, without any DNAT, the CNI routes the packet, and the reply comes back from that same pod IP.",
      trace,
    );
    expect(g.order.outOfOrder).toEqual([]);
    expect(found(g).has("resolv-conf")).toBe(true);
  });
  it("a reordered answer scores lower on order and says what to fix", () => {
    const ordered = grade(
      "The search list gives bar.app.svc.cluster.local. CoreDNS returns the ClusterIP. iptables DNATs it to a pod IP. conntrack rewrites the reply back.",
    );
    const reordered = grade(
      "conntrack rewrites the reply back. iptables DNATs it to a pod IP. CoreDNS returns the ClusterIP. The search list gives bar.app.svc.cluster.local.",
    );
    expect(ordered.order.score).toBe(1);
    expect(reordered.order.score).toBeLessThan(1);
    expect(reordered.order.outOfOrder.length).toBeGreaterThan(0);
    expect(reordered.feedback.some((f) => f.startsWith("Fix the order"))).toBe(true);
  });
});

describe("feedback", () => {
  it("says what to add next, most important first", () => {
    const g = grade("CoreDNS returns the ClusterIP.");
    // missing required hops come in path order: resolv.conf first, then the kube-proxy hops (an answer that
    // says the search list expands the name has said the resolver read resolv.conf: concepts.ts `impliedBy`)
    expect(g.feedback[0]).toMatch(/resolv\.conf/);
    expect(g.feedback.some((f) => /Service IP becomes a pod IP/.test(f))).toBe(true);
    expect(g.feedback.length).toBeLessThanOrEqual(6);
  });

  it("corrects a wrong ndots with where the scenario's value comes from (regression: 'kubelet's default' for a dnsConfig ndots:2)", () => {
    const said =
      "The pod reads resolv.conf, ndots:4 and the search list expand bar, and CoreDNS returns the ClusterIP.";
    const byDefault = grade(said).corrections.find((c) => c.said === "ndots:4");
    expect(byDefault?.explanation).toBe(
      "The pod's resolv.conf sets ndots:5 (kubelet's default for ClusterFirst), not ndots:4.",
    );
    const overridden = traceOf((s) => ({
      ...s,
      pods: s.pods.map((p) =>
        p.name === "foo" ? { ...p, dnsConfig: { options: [{ name: "ndots", value: "2" }] } } : p,
      ),
    }));
    const fromConfig = grade(said, overridden).corrections.find((c) => c.said === "ndots:4");
    expect(fromConfig?.explanation).toBe(
      "The pod's resolv.conf sets ndots:2 (from the pod's dnsConfig options), not ndots:4.",
    );
  });
});

describe("rubric tuning (lib/schemas/rubric.ts)", () => {
  it("rejects unknown concept ids, naming the path", () => {
    const r = parseRubricTuning({ synonyms: { "dns-answer": ["x"] }, weights: { nope: 2 } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.path)).toEqual(expect.arrayContaining(["synonyms.dns-answer", "weights.nope"]));
    }
  });
  it("adds synonyms, weights and misconceptions", () => {
    const parsed = parseRubricTuning({
      synonyms: { dnat: ["service IP swizzle"] },
      weights: { routing: 0 },
      misconceptions: [
        { id: "dns-is-http", patterns: ["dns over http"], explanation: "Cluster DNS is plain DNS on UDP/TCP 53." },
      ],
      samples: [{ answer: "x", verdict: "weak" }],
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const g = grade("The node does a service IP swizzle. It uses DNS over HTTP.", corpusTrace("seed"), parsed.value);
    expect(found(g).has("dnat")).toBe(true);
    expect(flagged(g)).toContain("dns-is-http");
    expect(g.concepts.find((c) => c.id === "routing")?.weight).toBe(0);
    expect(found(grade("The node does a service IP swizzle.")).has("dnat")).toBe(false);
  });
});

describe("concept documentation", () => {
  const variants: Trace[] = [
    corpusTrace("seed"),
    corpusTrace("headless"),
    corpusTrace("no-endpoints"),
    corpusTrace("outside-cluster"),
    corpusTrace("outside-local"),
    traceOf((s) => ({ ...s, kubeProxy: { mode: "ipvs" } })),
    traceOf((s) => ({ ...s, dns: { ...s.dns, nodeLocalDNS: "169.254.20.10" } })),
    traceOf((s) => ({ ...s, request: { from: "app/foo", url: "https://nope/" } })),
  ];
  const source = readFileSync(path.resolve(import.meta.dirname, "../../../lib/grade/README.md"), "utf8");
  const rows = new Map(
    [...source.matchAll(/^\| `([a-z-]+)` \| .* \| (\d+|anywhere) \| (yes|no) \| ([\d.]+) \|$/gm)].map((m) => [
      m[1],
      { order: m[2] === "anywhere" ? null : Number(m[2]), required: m[3] === "yes", weight: Number(m[4]) },
    ]),
  );
  it("documents every misconception id in lib/grade/README.md", () => {
    for (const id of MISCONCEPTION_IDS) expect(source, id).toMatch(new RegExp(`^\\| \`${id}\` \\|`, "m"));
  });
  it("documents every concept the grader produces, with its order, required flag and weight", () => {
    for (const trace of variants) {
      for (const c of conceptsFor(trace)) {
        expect(CONCEPT_IDS).toContain(c.id);
        expect(rows.get(c.id), c.id).toEqual({ order: c.order, required: c.required, weight: c.weight });
      }
    }
  });
});

describe("rubric samples", () => {
  it("reports which saved sample answers do not get their expected verdict", () => {
    const parsed = parseRubricTuning({
      samples: [
        { answer: "", verdict: "weak" },
        { answer: "", verdict: "strong" },
        { answer: "CoreDNS returns the pod IP.", verdict: "weak", misconceptions: ["dns-returns-pod-ip"] },
      ],
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const results = runRubricSamples(corpusTrace("seed"), parsed.value);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]?.problems[0]).toMatch(/expected strong/);
  });
});

describe("verdict rule (lib/grade/score.ts)", () => {
  const low = {
    score: 18,
    misconceptions: 1,
    meaningChanged: false,
    requiredCorrected: false,
    keyMissing: true,
    requiredMissing: 5,
    order: 1,
    requiredShare: 0.4,
    otherRequest: false,
  };
  it.each([
    ["one misconception, four required steps stated", { requiredStated: 4 }, "partial"],
    ["one misconception, three required steps stated", { requiredStated: 3 }, "weak"],
    ["two misconceptions, four required steps stated", { misconceptions: 2, requiredStated: 4 }, "weak"],
    ["no misconception, score under the weak line", { misconceptions: 0, requiredStated: 4 }, "weak"],
    ["one misconception, too little of the required weight", { requiredStated: 4, requiredShare: 0.25 }, "weak"],
    ["one misconception, about another request", { requiredStated: 4, otherRequest: true }, "weak"],
    [
      "one misconception, about another request whose mechanism it shows",
      { requiredStated: 4, otherRequest: true, otherMechanism: true },
      "weak",
    ],
    [
      "no misconception, about another request whose mechanism it shows, low score",
      { misconceptions: 0, otherRequest: true, otherMechanism: true },
      "partial",
    ],
    [
      "no misconception, about another request whose mechanism it shows, strong numbers",
      {
        misconceptions: 0,
        score: 90,
        keyMissing: false,
        requiredMissing: 0,
        requiredShare: 1,
        otherRequest: true,
        otherMechanism: true,
      },
      "partial",
    ],
    [
      "no misconception, about another request, no mechanism shown",
      { misconceptions: 0, score: 90, requiredShare: 1, otherRequest: true, otherMechanism: false },
      "weak",
    ],
    [
      "no misconception, only three set-up steps",
      { misconceptions: 0, score: 40, requiredStated: 3, keyPastSetup: false },
      "weak",
    ],
    [
      "no misconception, three steps with the DNS answer",
      { misconceptions: 0, score: 40, requiredStated: 3, keyPastSetup: true },
      "partial",
    ],
    [
      "no misconception, four set-up steps",
      { misconceptions: 0, score: 40, requiredStated: 4, keyPastSetup: false },
      "partial",
    ],
    [
      "the variant's point made in full, nothing else, no misconception",
      { misconceptions: 0, score: 18, requiredShare: 0.15, requiredStated: 1, keyPastSetup: false, variantCore: true },
      "partial",
    ],
    [
      "the variant's point made in full, with a misconception",
      { misconceptions: 1, score: 8, requiredShare: 0.15, requiredStated: 1, keyPastSetup: false, variantCore: true },
      "weak",
    ],
    [
      "the variant's point made in full, with a high score otherwise strong",
      { misconceptions: 0, score: 90, requiredShare: 1, keyMissing: false, requiredMissing: 0, variantCore: true },
      "strong",
    ],
  ] as const)("%s", (_name, change, verdict) => {
    expect(verdictOf({ ...low, ...change })).toBe(verdict);
  });
});

describe("an answer about another request (lib/grade/other-request.ts)", () => {
  const seedAnswer =
    "The resolver reads resolv.conf and CoreDNS answers bar.app.svc.cluster.local with the ClusterIP 10.96.12.34. foo connects to 10.96.12.34:443, the rules DNAT it to 10.244.2.7:8443, it is routed to node-2 and conntrack rewrites the reply back to 10.96.12.34:443.";
  it("is weak when it names another Service of the cluster, its ClusterIP and its pods", () => {
    expect(grade(seedAnswer, corpusTrace("cross-namespace")).verdict).toBe("weak");
  });
  it("is not another request on its own scenario", () => {
    expect(grade(seedAnswer).verdict).not.toBe("weak");
  });

  // the DNS packet's own trip through the kube-dns Service (10.96.0.10 → coredns-0 10.244.1.2 / coredns-1 10.244.2.2)
  const dnsTrip =
    "foo's glibc resolver sends the lookup to 10.96.0.10:53. kube-proxy's iptables rules on node-1 DNAT that DNS packet to coredns-1 at 10.244.2.2:53";
  const dnsReply =
    ", and on the way back conntrack restores 10.96.0.10:53 as the source so the resolver accepts the reply.";

  it("that tells the DNS packet's Service round trip is partial, and the feedback names both requests", () => {
    const g = grade(dnsTrip + dnsReply);
    expect(g.verdict).toBe("partial");
    expect(found(g).has("dns-service-nat")).toBe(true);
    // the DNS packet's DNAT and reply are not bar's
    expect(found(g).has("dnat")).toBe(false);
    expect(found(g).has("conntrack-reverse")).toBe(false);
    expect(g.feedback[0]).toContain("foo's DNS query to 10.96.0.10:53");
    expect(g.feedback[0]).toContain("app/foo calling bar (bar.app.svc.cluster.local)");
    expect(g.feedback[0]).toContain("partial credit");
  });

  it("that tells only the DNS packet's DNAT, not its reply, is weak", () => {
    const g = grade(`${dnsTrip}.`);
    expect(g.verdict).toBe("weak");
    expect(g.feedback[0]).toContain("foo's DNS query to 10.96.0.10:53");
    expect(g.feedback[0]).toContain("no credit");
  });

  it("that tells the DNS packet's trip in a variant without DNAT is partial and flags no DNAT misconception", () => {
    for (const scenario of ["headless", "external-name", "no-endpoints"] as const) {
      const g = grade(dnsTrip + dnsReply, corpusTrace(scenario));
      expect(g.verdict, scenario).toBe("partial");
      expect(flagged(g), scenario).toEqual([]);
    }
  });

  it("as well as the asked request is the asked request: the DNS packet's DNAT costs nothing", () => {
    const full =
      "foo's resolv.conf has search app.svc.cluster.local and ndots:5, so bar is tried as bar.app.svc.cluster.local. The query to 10.96.0.10:53 is itself DNATed by kube-proxy's rules to coredns-0 at 10.244.1.2, and CoreDNS answers with bar's ClusterIP 10.96.12.34. foo connects to 10.96.12.34:443; KUBE-SERVICES matches it, KUBE-SVC-5ZJGYN7BN7Z5DHZA picks an endpoint at random and the rules DNAT it to 10.244.2.7:8443. The packet crosses the VXLAN overlay to node-2, bar-2 replies, and conntrack on node-1 rewrites the reply's source back to 10.96.12.34:443.";
    const g = grade(full);
    expect(g.verdict).toBe("strong");
    expect(flagged(g)).toEqual([]);
    expect(g.feedback.join(" ")).not.toContain("another request");
  });

  it("keeps ExternalName DNAT a misconception when it is said of bar's own connection, not of the DNS packet", () => {
    const trace = corpusTrace("external-name");
    const dnsOnly =
      "CoreDNS answers bar.app.svc.cluster.local with a CNAME to api.partner.example.com and its A record 203.0.113.7; the query itself went to 10.96.0.10:53, which kube-proxy's rules DNAT to coredns-0 at 10.244.1.2. foo then connects straight to 203.0.113.7:443.";
    expect(flagged(grade(dnsOnly, trace))).toEqual([]);
    const connection =
      "CoreDNS answers bar.app.svc.cluster.local with a CNAME to api.partner.example.com, and kube-proxy's iptables rules DNAT foo's connection to bar to 203.0.113.7:443.";
    expect(flagged(grade(connection, trace))).toContain("externalname-gets-dnat");
  });

  // another client and Service (checkout in shop calling orders), told with the whole ClusterIP mechanism
  const otherClient =
    "The checkout pod in shop resolves orders.shop.svc.cluster.local: CoreDNS answers with orders' ClusterIP 10.96.77.7. checkout connects to 10.96.77.7:80, the iptables rules pick one endpoint at random and DNAT the packet to 10.244.3.9:8080, and conntrack rewrites the reply's source back to 10.96.77.7:80.";

  it("that shows the Service round trip on another client and Service is partial at best, never strong", () => {
    const g = grade(otherClient);
    expect(g.verdict).toBe("partial");
    expect(g.feedback[0]).toContain("another request (orders.shop.svc.cluster.local, 10.96.77.7)");
    expect(g.feedback[0]).toContain("app/foo calling bar (bar.app.svc.cluster.local)");
  });

  it("about a request within one namespace is weak for a cross-namespace question, whatever mechanism it shows", () => {
    expect(grade(otherClient, corpusTrace("cross-namespace")).verdict).toBe("weak");
  });
});

describe("a client outside the cluster", () => {
  // bar as a NodePort Service with externalTrafficPolicy Local, called on node-1's address; bar-2 not ready, so
  // node-2 has no local endpoint (kube-proxy pkg/proxy/iptables/proxier.go: KUBE-EXT → KUBE-SVL, DROP otherwise)
  const nodePort = (node: string) =>
    traceOf((s) => ({
      ...s,
      pods: s.pods.map((p) => (p.name === "bar-2" ? { ...p, ready: false } : p)),
      services: s.services.map((svc) =>
        svc.name === "bar"
          ? {
              ...svc,
              type: "NodePort",
              externalTrafficPolicy: "Local",
              ports: [{ name: "https", port: 443, targetPort: 8443, protocol: "TCP", nodePort: 30443 }],
            }
          : svc,
      ),
      request: { from: "external/203.0.113.50", url: `https://${node}:30443/` },
    }));

  it("checks the outside path's values against the trace: the dialled address and port, the NodePort, the client", () => {
    const corrected = (answer: string, scenario: "outside-cluster" | "outside-local") =>
      grade(answer, corpusTrace(scenario)).corrections.map((c) => `${c.concept} ${c.kind} ${c.said} → ${c.right}`);
    expect(corrected("The client connects to 198.51.100.99:443.", "outside-cluster")).toEqual([
      "app-connect value 198.51.100.99:443 → 198.51.100.20:443",
    ]);
    expect(corrected("On node-1 the rules match 198.51.100.20:8080 and jump to KUBE-EXT.", "outside-cluster")).toEqual([
      "ext-service-match value 198.51.100.20:8080 → 198.51.100.20:443",
    ]);
    expect(
      corrected("There is no SNAT, so bar-1 sees the client 203.0.113.77 as the source.", "outside-local"),
    ).toEqual(["client-source-preserved value 203.0.113.77 → 203.0.113.50"]);
    // the right values: nothing to correct
    expect(corrected("The client connects to 198.51.100.20:443.", "outside-cluster")).toEqual([]);
    expect(corrected("There is no SNAT, so bar-1 sees 203.0.113.50 as the source.", "outside-local")).toEqual([]);
    const nodePortTrace = nodePort("192.168.0.11");
    const slips = grade(
      "KUBE-NODEPORTS on node-1 matches port 31000 and jumps to KUBE-EXT.",
      nodePortTrace,
    ).corrections;
    expect(slips.map((c) => `${c.concept} ${c.said} → ${c.right}`)).toEqual(["ext-service-match 31000 → 30443"]);
  });

  it("grades the drop on a node with no local endpoint, and asks for no DNS", () => {
    const trace = nodePort("192.168.0.12");
    const ids = conceptsFor(trace).map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(["lb-to-node", "no-local-endpoint", "drop-rule", "connection-timeout"]));
    for (const id of ["resolv-conf", "search-domain", "dns-query", "no-ready-endpoints", "dnat"] as const)
      expect(ids).not.toContain(id);
    const g = grade(
      "The SYN reaches node-2's address on NodePort 30443. With externalTrafficPolicy Local node-2 has no local " +
        "bar pod, so its rules drop the packet and the client's connect times out.",
      trace,
    );
    expect([...found(g)]).toEqual(expect.arrayContaining(["lb-to-node", "no-local-endpoint", "connection-timeout"]));
    expect(flagged(g)).toEqual([]);
  });

  it("grades the delivery on a node with a local endpoint: no SNAT, the pod sees the client", () => {
    const trace = nodePort("192.168.0.11");
    const g = grade(
      "The client connects to node-1's address on 30443. KUBE-NODEPORTS on node-1 matches 30443 and jumps to " +
        "KUBE-EXT; with the Local policy there is no SNAT, so bar-1 sees 203.0.113.50. The rules DNAT it to " +
        "10.244.1.5:8443 and the bridge delivers it. conntrack on node-1 rewrites the reply's source back.",
      trace,
    );
    expect([...found(g)]).toEqual(
      expect.arrayContaining([
        "lb-to-node",
        "ext-service-match",
        "client-source-preserved",
        "dnat",
        "conntrack-reverse",
      ]),
    );
    expect(flagged(g)).toEqual([]);
    expect(
      flagged(grade("bar-1 still sees node-1's address as the client, since the source is SNATed.", trace)),
    ).toEqual(["etp-local-masquerades"]);
  });
});

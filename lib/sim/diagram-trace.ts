import { namespacedName } from "./namespaced-name";
import type { Connection, Hop, Scenario, Trace } from "./types";

/**
 * What a path diagram draws of a trace (app/_components/path-diagram-layout.ts): the request, the client pod's
 * node, the connection and each hop without its detail. A full Trace is one too. Study cards send this
 * instead of the whole trace: the cluster model and the hops' details were most of a study page's bytes.
 */
export interface DiagramTrace {
  readonly scenario: {
    readonly request: Scenario["request"];
    readonly pods: readonly Pick<Scenario["pods"][number], "namespace" | "name" | "node">[];
  };
  readonly connection: Connection | null;
  readonly hops: readonly Omit<Hop, "detail">[];
}

/** The diagram's part of `trace`: of the pods only the client (the one the request is from). */
export function diagramTraceOf(trace: Trace): DiagramTrace {
  const { request, pods } = trace.scenario;
  const client = pods.find((pod) => namespacedName(pod) === request.from);
  return {
    scenario: {
      request,
      pods: client === undefined ? [] : [{ namespace: client.namespace, name: client.name, node: client.node }],
    },
    connection: trace.connection,
    hops: trace.hops.map(({ kind, at, summary, packet }) => ({ kind, at, summary, packet })),
  };
}

/**
 * The "namespace/name" key of a namespaced object (Kubernetes types.NamespacedName.String()): how pods and
 * Services are named in a scenario's `request.from`, in the trace's `at` and `backendPod`, and in kube-proxy's
 * ServicePortName.
 */
export function namespacedName(object: { readonly namespace: string; readonly name: string }): string {
  return `${object.namespace}/${object.name}`;
}

/**
 * A `request.from` that names no pod: a process on a node ("node/NAME") or a client outside the cluster
 * ("external/IP"), as its kind and name; null for anything else (a pod's "namespace/name").
 */
export function nodeOrExternalClient(from: string): { kind: "node" | "external"; name: string } | null {
  const [kind = "", name = ""] = from.split("/");
  return (kind === "node" || kind === "external") && name !== "" ? { kind, name } : null;
}

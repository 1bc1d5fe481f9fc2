/**
 * The "namespace/name" key of a namespaced object (Kubernetes types.NamespacedName.String()): how pods and
 * Services are named in a scenario's `request.from`, in the trace's `at` and `backendPod`, and in kube-proxy's
 * ServicePortName.
 */
export function namespacedName(object: { readonly namespace: string; readonly name: string }): string {
  return `${object.namespace}/${object.name}`;
}

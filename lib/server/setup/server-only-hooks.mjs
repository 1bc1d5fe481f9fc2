// Module resolve hook for our Node server's process (registered by serve.ts). The fast lane in front of
// Next.js (lib/server/http/fast-lane.ts) runs lib/server code there, and every lib/server module imports
// "server-only": a marker that resolves to an empty module under the react-server condition (where Next.js
// loads server code, and where our scripts run) and to one that throws anywhere else. This process must run
// without that condition, since Next.js's server in it loads React's ordinary build for rendering pages, so
// the marker alone is resolved as the react-server condition resolves it: to the same empty module. Nothing
// else is touched, and a client bundle still fails to build when it imports a server module.

/** @type {import("node:module").ResolveHook} */
export async function resolve(specifier, context, nextResolve) {
  if (specifier !== "server-only") return nextResolve(specifier, context);
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
}

// Module resolve hook for our Node server's process (registered by serve.ts). The fast lane in front of
// Next.js (lib/server/http/fast-lane.ts) runs lib/server code there, and every lib/server module imports
// "server-only": a marker that resolves to an empty module under the react-server condition (where Next.js
// loads server code, and where our scripts run) and to one that throws anywhere else. Running the whole
// process with `--conditions=react-server` also served pages in a quick check, but it changes how every
// package in the process resolves (React's own entry points among them) under Next.js's server, which
// start.ts has always run without it. So only the marker is resolved as that condition resolves it, to the
// same empty module. Nothing else is touched, and a client bundle that imports a server module still fails
// to build.

/** @type {import("node:module").ResolveHook} */
export async function resolve(specifier, context, nextResolve) {
  if (specifier !== "server-only") return nextResolve(specifier, context);
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
}

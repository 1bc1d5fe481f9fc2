// No "server-only" here: the Node server in front of Next.js (serve.ts) runs outside the react-server condition.

/**
 * Whether the operator started Node with `--enable-source-maps` (on the command line or in NODE_OPTIONS).
 *
 * tsx, which runs this file, turns Node's source map support on for the whole process. Node then reads and
 * keeps the source map of every module it loads, Next.js's server chunks included: about 105 MB of the
 * production server's heap (the maps and the sources inside them), and every stack trace taken on a request
 * is mapped (the route floor's CPU per request fell from 0.60-0.62 to 0.47-0.50 ms without it,
 * `npm run bench:load`). In production it is off unless asked for; stack traces then name the built chunks.
 */
export function sourceMapsAsked(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  const flag = /(^|\s)--enable-source-maps(=true)?(\s|$)/;
  return execArgv.some((arg) => flag.test(arg)) || flag.test(nodeOptions ?? "");
}

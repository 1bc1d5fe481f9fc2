/**
 * Liveness: the process answers HTTP, and nothing else is checked (no database, no session), as a
 * Kubernetes liveness probe wants; /api/health is the readiness check. It is also the least any request
 * costs here, the route floor bench:load measures first.
 */
export function GET() {
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}

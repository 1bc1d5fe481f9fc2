// @ts-check

/** Security headers for every response; the Content-Security-Policy (with a per-request nonce) is set in proxy.ts. */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/**
 * Route handlers under /api answer JSON or files, never a page: nothing may run, load or frame there. Pages get a
 * per-request nonce policy from proxy.ts instead (the proxy does not run for /api).
 */
const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // `npm run typecheck` (part of `npm test`) checks types; the build does not do it a second time.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "pg",
    "@prisma/adapter-pg",
    "@node-rs/argon2",
    // required from node_modules, so every route shares one copy: bundled, each route bundle carried its own
    // (the NLP model was loaded 14 times, 83 MB of the server's heap), and piscina finds its worker script
    "piscina",
    "wink-nlp",
    "wink-eng-lite-web-model",
  ],
  // The build id is the hash of the build's inputs (lib/server/setup/build.ts), so builds of the same sources
  // on several machines agree, as instances behind one load balancer must; plain `next build` picks its own.
  generateBuildId: async () => process.env.HOPDRILL_BUILD_ID || null,
  experimental: {
    // forbidden() renders app/forbidden.tsx with status 403
    authInterrupts: true,
    serverActions: { bodySizeLimit: "3mb" },
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: apiContentSecurityPolicy }] },
    ];
  },
};

export default nextConfig;

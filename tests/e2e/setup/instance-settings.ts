/**
 * The settings every instance of one deployment shares (README: "Running more than one instance"), fixed for
 * the e2e runs. Both Playwright configs build with the same server-actions key, so the SQLite run and the
 * two-instance PostgreSQL run serve one build instead of building twice. Test values only, never secrets.
 */
export const E2E_INSTANCE_SETTINGS = {
  AUTH_SECRET: "e2e-auth-secret-shared-by-every-instance-0123456789",
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.from("e2e server actions key, 32 bytes").toString("base64"),
} as const;

import { defineConfig, devices } from "@playwright/test";
import { chromiumPath } from "./tests/e2e/setup/browser";
import { E2E_INSTANCE_SETTINGS } from "./tests/e2e/setup/instance-settings";

// e2e runs against a production build (`npm start`) on a fresh database outside test-results/ (which
// Playwright wipes). Chromium is the system's (tests/e2e/setup/browser.ts); never `npx playwright install`.
const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = "tests/.tmp/e2e";
export const E2E_ADMIN = { email: "admin@e2e.test", password: "e2e-admin-password" };

export default defineConfig({
  testDir: "tests/e2e",
  // two instances on PostgreSQL: playwright.postgres.config.ts
  testIgnore: ["postgres/**"],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  timeout: 30_000,
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command:
      `rm -rf ${dataDir} && ` +
      `npm run -s admin:create -- --email ${E2E_ADMIN.email} --password ${E2E_ADMIN.password} && npm start`,
    url: `http://localhost:${port}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      DATABASE_URL: `file:./${dataDir}/hopdrill.db`,
      PORT: String(port),
      HOSTNAME: "localhost",
      NEXT_TELEMETRY_DISABLED: "1",
      // the key the PostgreSQL run builds with too, so both runs serve one build
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: E2E_INSTANCE_SETTINGS.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY,
    },
  },
});

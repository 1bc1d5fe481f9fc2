import { defineConfig, devices } from "@playwright/test";
import { chromiumPath } from "./tests/e2e/setup/browser";
import { E2E_INSTANCE_SETTINGS } from "./tests/e2e/setup/instance-settings";

// Two app instances on one PostgreSQL database (TEST_POSTGRES_URL names the server; the run makes a fresh
// database on it), each `npm start` on the one build `npm run release` made, as a deployment behind a load
// balancer runs them: tests/e2e/postgres/two-instances.spec.ts puts a small balancer in front of them.
// Instance A listens on E2E_PORT (default 3100, as the SQLite run), B on E2E_PORT + 10.
const server = process.env.TEST_POSTGRES_URL ?? "";
if (server === "") {
  throw new Error("playwright.postgres.config.ts needs TEST_POSTGRES_URL (npm run test:postgres sets it)");
}
const portA = Number(process.env.E2E_PORT ?? 3100);
const portB = portA + 10;
const database = new URL(server);
database.pathname = `/hopdrill_e2e_${portA}`;

const instanceEnv = (port: number) => ({
  DATABASE_URL: database.toString(),
  ...E2E_INSTANCE_SETTINGS,
  PORT: String(port),
  HOSTNAME: "localhost",
  NEXT_TELEMETRY_DISABLED: "1",
});

export default defineConfig({
  testDir: "tests/e2e/postgres",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"]],
  timeout: 60_000,
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  // started in order: A only after the release step, B once A answers
  webServer: [
    {
      command: "tsx --conditions=react-server tests/e2e/postgres/fresh-database.ts && npm run -s release && npm start",
      url: `http://localhost:${portA}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: instanceEnv(portA),
    },
    {
      command: "npm start",
      url: `http://localhost:${portB}/api/health`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: instanceEnv(portB),
    },
  ],
});

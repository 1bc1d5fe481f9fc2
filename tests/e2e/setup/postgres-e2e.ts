// `npm run test:e2e:postgres`: the two-instance Playwright run (playwright.postgres.config.ts) when
// TEST_POSTGRES_URL names a PostgreSQL server, and otherwise one line saying it was skipped and how to run it.
import { spawnSync } from "node:child_process";
import path from "node:path";

if ((process.env.TEST_POSTGRES_URL ?? "") === "") {
  console.log(
    "Two-instance PostgreSQL e2e test skipped: TEST_POSTGRES_URL is not set. " +
      "Run it with: npm run test:postgres (starts a throwaway PostgreSQL cluster).",
  );
  process.exit(0);
}
const playwright = path.join(process.cwd(), "node_modules", "@playwright", "test", "cli.js");
const result = spawnSync(process.execPath, [playwright, "test", "-c", "playwright.postgres.config.ts"], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);

// Run before the e2e tests (`npm run test:e2e`): finds the system Chromium, installs Debian's package when it
// runs as root with apt, or stops with one line that says what to install.
import { browserPlan, ensureBrowser, installWithApt, thisHost } from "./browser";

if (browserPlan(thisHost()).kind === "install-apt") {
  console.log("Chromium not found: installing Debian's chromium package for the end-to-end tests…");
}
const outcome = ensureBrowser(thisHost, installWithApt);
if (!outcome.ok) {
  console.error(outcome.message);
  process.exit(1);
}
if (outcome.installed) console.log(`Using ${outcome.path}`);

// Run before the e2e tests (`npm run test:e2e`): finds the system Chromium, installs Debian's package when it
// runs as root with apt, or stops with one line that says what to install.
import { browserPlan, installWithApt, thisHost } from "./browser";

const plan = browserPlan(thisHost());
if (plan.kind === "install-apt") {
  console.log("Chromium not found: installing Debian's chromium package for the end-to-end tests…");
  installWithApt();
  const after = browserPlan(thisHost());
  if (after.kind !== "use") {
    console.error("apt-get finished but no Chromium binary was found in /usr/bin.");
    process.exit(1);
  }
  console.log(`Using ${after.path}`);
} else if (plan.kind === "missing") {
  console.error(plan.message);
  process.exit(1);
}

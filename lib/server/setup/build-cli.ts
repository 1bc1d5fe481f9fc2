// `npm run build`: the production build every instance serves, redone only when its inputs changed.
import "server-only";
import { instanceSettingProblems, parseEnv } from "../../schemas/env";
import { buildIfNeeded } from "./build";

const parsed = parseEnv(process.env);
if (!parsed.ok) {
  console.error(parsed.message);
  process.exit(1);
}
const problems = instanceSettingProblems(parsed.env, "build");
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
buildIfNeeded({ ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" });

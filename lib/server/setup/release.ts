// `npm run release`: what is done once per version before the instances start, whatever their number:
// build the app (the one artefact every instance serves), apply the migrations, load the seed set and
// create the first admin, on PostgreSQL under a database lock so two releases at once never collide.
// Then start the instances with `npm start`. On SQLite `npm start` does all of this itself.
import "server-only";
import { instanceSettingProblems, parseEnv } from "../../schemas/env";
import { disconnectPrisma } from "../db";
import { redactedUrl } from "../postgresql";
import { buildIfNeeded } from "./build";
import { releaseDatabase } from "./prepare";

async function main(): Promise<void> {
  const parsed = parseEnv(process.env);
  if (!parsed.ok) throw new Error(parsed.message);
  const skipBuild = process.argv.includes("--no-build");
  if (!skipBuild) {
    const problems = instanceSettingProblems(parsed.env, "build");
    if (problems.length > 0) throw new Error(problems.join("\n"));
    buildIfNeeded({ ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" });
  }

  const url = parsed.env.DATABASE_URL;
  const shown = url.startsWith("file:") ? url : redactedUrl(url);
  const prepared = await releaseDatabase(() => console.log("Another release holds the database lock; waiting for it…"));
  await disconnectPrisma();
  console.log(
    prepared.applied.length === 0
      ? `Database ${shown}: no pending migrations.`
      : `Database ${shown}: applied ${prepared.applied.length} migration(s): ${prepared.applied.join(", ")}.`,
  );
  const seed = prepared.seed;
  console.log(
    `Seed set: ${seed.created} created, ${seed.updated} updated, ${seed.unchanged} unchanged (version ${seed.version}).`,
  );
  if (prepared.firstAdmin) {
    console.log(
      `First admin created. Email: ${prepared.firstAdmin.email}  One-time password: ${prepared.firstAdmin.password}\n` +
        "(shown only this once; you will be asked to choose your own password at first sign-in)",
    );
  }
  console.log(skipBuild ? "Release done (build skipped)." : "Release done: start the instances with npm start.");
}

main().then(
  () => process.exit(0), // the pg pools' idle timers would keep the process up for 10 s
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

// The pure libraries import no Next.js, React, Prisma, file system, clock or global randomness (their READMEs);
// server code says it is server-only; client components reach the server only through server actions.
// ESLint enforces the first rule while editing; this test keeps all three enforced in `npm test`.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const PURE = ["lib/sim", "lib/grade", "lib/srs", "lib/content", "lib/interview"];
const FORBIDDEN: [RegExp, string][] = [
  [/from\s+["'](node:)?fs(\/promises)?["']/, "file system"],
  [/from\s+["']next(\/[^"']*)?["']/, "Next.js"],
  [/from\s+["']react(-dom)?["']/, "React"],
  [/from\s+["'](@prisma\/[^"']+|[./]*server\/[^"']*)["']/, "Prisma / server code"],
  [/\bMath\.random\s*\(/, "Math.random"],
  [/\bDate\.now\s*\(/, "the clock (Date.now)"],
  [/\bnew Date\(\s*\)/, "the clock (new Date())"],
];

function sourceFiles(dir: string): string[] {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(ts|tsx)$/.test(file) && !file.startsWith("generated"))
    .map((file) => path.join(dir, file));
}

const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

describe("pure libraries", () => {
  const files = PURE.flatMap(sourceFiles);

  it("exist", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s imports nothing impure", (file) => {
    const text = read(file);
    const found = FORBIDDEN.filter(([pattern]) => pattern.test(text)).map(([, what]) => what);
    expect(found).toEqual([]);
  });
});

describe("server code", () => {
  // The Node server in front of Next.js and what it imports run outside the react-server condition, where
  // importing "server-only" throws; neither holds anything secret, and no client component imports them.
  // The fast lane it serves (lib/server/http/fast-lane.ts) is ordinary server code, imported only after
  // the resolve hook that lets "server-only" load there (lib/server/setup/server-only-hooks.mjs).
  // The grading thread (lib/server/interviews/grade-worker.ts) runs outside it too, and imports only the pure
  // libraries; its inputs arrive as plain data from grade-pool.ts, which is server-only.
  const beforeNext = [
    "lib/server/setup/serve.ts",
    "lib/server/setup/source-maps.ts",
    "lib/server/http/client-address.ts",
    "lib/server/http/admission.ts",
    "lib/server/fair-gate.ts",
    "lib/server/interviews/grade-worker.ts",
  ];
  it.each(sourceFiles("lib/server").filter((file) => !beforeNext.includes(file)))(
    "%s is marked server-only",
    (file) => {
      expect(read(file)).toMatch(/^import "server-only";$/m);
    },
  );

  it("the grading thread imports only the pure libraries (server code there would throw at server-only)", () => {
    const specifiers = [...read("lib/server/interviews/grade-worker.ts").matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
    expect(specifiers.length).toBeGreaterThan(0);
    expect(
      specifiers.filter((s) => !/^\.\.\/\.\.\/(interview|grade|sim|content|srs|schemas)(\/|$)/.test(s ?? "")),
    ).toEqual([]);
  });

  it("serve.ts registers the server-only hook before it imports the fast lane", () => {
    const text = read("lib/server/setup/serve.ts");
    const hook = text.indexOf('register("./server-only-hooks.mjs", import.meta.url)');
    const lane = text.indexOf('await import("../http/fast-lane")');
    expect(hook).toBeGreaterThan(0);
    expect(lane).toBeGreaterThan(hook);
  });

  it("the hook resolves server-only alone, as the react-server condition does", async () => {
    const { resolve } = (await import(
      /* @vite-ignore */ path.join(root, "lib/server/setup/server-only-hooks.mjs")
    )) as {
      resolve: (
        s: string,
        c: { conditions: string[] },
        n: (s: string, c: { conditions: string[] }) => unknown,
      ) => unknown;
    };
    const calls: [string, string[]][] = [];
    const next = (specifier: string, context: { conditions: string[] }) => calls.push([specifier, context.conditions]);
    await resolve("server-only", { conditions: ["node", "import"] }, next);
    await resolve("next", { conditions: ["node", "import"] }, next);
    expect(calls).toEqual([
      ["server-only", ["node", "import", "react-server"]],
      ["next", ["node", "import"]],
    ]);
  });

  it.each(beforeNext)("%s imports no server-only module (it runs before Next.js)", (file) => {
    const imports = [...read(file).matchAll(/from\s+["'](\.[^"']+)["']/g)].map((m) => m[1]!);
    for (const relative of imports) {
      const target = path.relative(root, path.resolve(root, path.dirname(file), relative));
      const source = [".ts", ".tsx", "/index.ts"]
        .map((ext) => `${target}${ext}`)
        .find((f) => fs.existsSync(path.join(root, f)));
      expect(source, `${file} → ${relative}`).toBeDefined();
      expect(read(source!), `${file} → ${source}`).not.toMatch(/^import "server-only";$/m);
    }
  });

  // Data access goes through the one Prisma client (lib/server/db.ts), so the same code runs whichever
  // database DATABASE_URL names; only the SQLite adapter's own modules and the backup touch the driver.
  const driverLevel = ["lib/server/sqlite/", "lib/server/db.ts", "lib/server/migrations/", "lib/server/setup/"];
  it.each(sourceFiles("lib/server").filter((file) => !driverLevel.some((dir) => file.startsWith(dir))))(
    "%s reaches the database only through Prisma",
    (file) => {
      expect(read(file)).not.toMatch(/from\s+["'](better-sqlite3|[./]*sqlite\/[^"']*)["']/);
    },
  );
});

describe("client components", () => {
  const clients = sourceFiles("app").filter((file) => /^["']use client["'];?$/m.test(read(file)));
  /** Value imports of project modules (type-only imports leave no code in the browser bundle). */
  const valueImports = (text: string) =>
    [...text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+["']([^"']+)["'];?$/gms)]
      .map((match) => match[1] ?? "")
      .filter((source) => source.startsWith("@/") || source.startsWith("."));

  it("exist", () => {
    expect(clients.length).toBeGreaterThan(0);
  });

  it.each(clients)("%s imports only pure modules, other components and server actions", (file) => {
    const bad = valueImports(read(file)).filter((source) => {
      if (source.startsWith("@/lib/")) return !PURE.concat("lib/schemas").some((lib) => source.startsWith(`@/${lib}`));
      const target = source.startsWith("@/") ? source.slice(2) : path.join(path.dirname(file), source);
      const candidates = [".ts", ".tsx", "/index.ts"].map((ext) => path.join(root, `${target}${ext}`));
      const found = candidates.find((candidate) => fs.existsSync(candidate));
      if (found === undefined) return false; // css modules and the like
      const text = fs.readFileSync(found, "utf8");
      return (
        !/^["']use (client|server)["'];?$/m.test(text) &&
        valueImports(text).some((imported) => imported.startsWith("@/lib/server"))
      );
    });
    expect(bad).toEqual([]);
  });
});

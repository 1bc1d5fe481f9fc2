// style.md: the pure libraries import no Next.js, React, Prisma, file system, clock or global randomness.
// ESLint enforces the same rules while editing; this test keeps them enforced in `npm test`.
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
    .filter((file) => /\.(ts|tsx)$/.test(file))
    .map((file) => path.join(dir, file));
}

describe("pure libraries", () => {
  const files = PURE.flatMap(sourceFiles);

  it("exist", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s imports nothing impure", (file) => {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const found = FORBIDDEN.filter(([pattern]) => pattern.test(text)).map(([, what]) => what);
    expect(found).toEqual([]);
  });
});

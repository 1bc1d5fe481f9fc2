import { describe, expect, it } from "vitest";
import { sourceMapsAsked } from "@/lib/server/setup/source-maps";

describe("sourceMapsAsked (whether the production server keeps Node's source maps on)", () => {
  it.each([
    [["--enable-source-maps"], undefined, true],
    [["--import", "tsx"], "--enable-source-maps", true],
    [[], "--max-old-space-size=512 --enable-source-maps", true],
    [[], "--enable-source-maps=true", true],
    [["--import", "tsx"], undefined, false],
    [[], "--enable-source-maps-later", false],
    [[], "--no-enable-source-maps", false],
    [[], "", false],
  ] as const)("execArgv %j, NODE_OPTIONS %j → %s", (argv, options, expected) => {
    expect(sourceMapsAsked(argv, options)).toBe(expected);
  });
});

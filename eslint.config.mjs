import js from "@eslint/js";
import tseslint from "typescript-eslint";
import nextVitals from "eslint-config-next/core-web-vitals";

// The pure libraries (lib/*/README.md) import no Next.js, React, Prisma, file system, clock or global randomness.
const pureRestrictions = {
  paths: [
    { name: "fs", message: "pure library: pass data in" },
    { name: "node:fs", message: "pure library: pass data in" },
    { name: "fs/promises", message: "pure library: pass data in" },
    { name: "node:fs/promises", message: "pure library: pass data in" },
    { name: "react", message: "pure library" },
    { name: "@prisma/client", message: "pure library" },
  ],
  patterns: [
    { group: ["next", "next/*"], message: "pure library: no Next.js" },
    { group: ["**/server/**", "@/lib/server/**"], message: "pure library: no server code" },
  ],
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "data/**",
      "lib/server/generated/**",
      "test-results/**",
      "playwright-report/**",
      "tests/.tmp/**",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...nextVitals,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: { "@typescript-eslint/consistent-type-imports": "error" },
  },
  {
    files: ["lib/sim/**", "lib/grade/**", "lib/srs/**", "lib/content/**", "lib/interview/**"],
    rules: {
      "no-restricted-imports": ["error", pureRestrictions],
      "no-restricted-properties": [
        "error",
        { object: "Math", property: "random", message: "pure library: take a seeded Random" },
        { object: "Date", property: "now", message: "pure library: take `now` as a parameter" },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "pure library: take `now`" },
      ],
    },
  },
  {
    files: ["**/*.mjs", "**/*.cjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);

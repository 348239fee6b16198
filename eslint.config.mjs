import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

export default defineConfig([
  ...nextVitals,
  ...nextTypeScript,
  globalIgnores([
    ".next/**",
    "bench/floor/.next/**",
    ".data/**",
    "lib/generated/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
  ]),
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // lib/env.ts validates the environment once; everything else imports it.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Import `env` from @/lib/env instead of reading process.env." },
      ],
    },
  },
  {
    // The validator itself, the .env bootstrap of the scripts, Next's runtime
    // switch, and test and tool harnesses that configure child processes.
    files: [
      "lib/env.ts",
      "scripts/load-env.ts",
      "scripts/launch.ts",
      "scripts/start.mjs",
      "scripts/prisma-generate.mjs",
      "instrumentation.ts",
      "tests/**",
      "**/*.test.ts",
      "e2e/**",
      "playwright.config.ts",
      "bench/**",
      "tools/**",
    ],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // Playwright fixtures call `use`, which is not React's hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
]);

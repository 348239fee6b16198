// Runs `prisma generate` as part of `npm install`, offline.
//
// Prisma's CLI wants its schema-engine binary before it does anything and
// downloads it on first use; that host is unreachable on air-gapped machines.
// Generating the client does not use the engine, and the CLI accepts any
// existing file named by PRISMA_SCHEMA_ENGINE_BINARY, so we point it at this
// script. Migrations never go through the CLI (see scripts/db-migrate.ts).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const self = fileURLToPath(import.meta.url);
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? self,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exit(result.status ?? 1);

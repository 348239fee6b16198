// Configuration for the Prisma CLI (generate). The app itself never reads it:
// lib/db.ts connects through @prisma/adapter-pg, and scripts/db-migrate.ts
// applies prisma/migrations without Prisma's schema-engine binary.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});

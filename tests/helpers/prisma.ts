import { migrate } from "@/lib/db-migrations";
import { createDatabase } from "@/lib/db";
import type { Pool } from "pg";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase, withClient, type TestDatabase } from "./test-database";

/** A migrated test database and a PrismaClient on it. */
export async function createMigratedDatabase(): Promise<{
  database: TestDatabase;
  db: PrismaClient;
  /** The pg pool under `db` (the webhook route's driver). */
  pool: Pool;
  close(): Promise<void>;
}> {
  const database = await createTestDatabase();
  await withClient(database.url, (client) => migrate(client));
  // One connection to PGlite, as the app uses: its socket interleaves the
  // messages of concurrent connections outside transactions.
  const { db, pool } = createDatabase(database.url, database.kind === "pglite" ? 1 : undefined);
  return {
    database,
    db,
    pool,
    async close() {
      await db.$disconnect();
      await database.drop();
    },
  };
}

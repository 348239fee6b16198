import { migrate } from "@/lib/db-migrations";
import { createPrismaClient } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase, withClient, type TestDatabase } from "./test-database";

/** A migrated test database and a PrismaClient on it. */
export async function createMigratedDatabase(): Promise<{
  database: TestDatabase;
  db: PrismaClient;
  close(): Promise<void>;
}> {
  const database = await createTestDatabase();
  await withClient(database.url, (client) => migrate(client));
  // One connection to PGlite, as the app uses: its socket interleaves the
  // messages of concurrent connections outside transactions.
  const db = createPrismaClient(database.url, database.kind === "pglite" ? 1 : undefined);
  return {
    database,
    db,
    async close() {
      await db.$disconnect();
      await database.drop();
    },
  };
}

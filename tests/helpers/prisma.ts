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
  const db = createPrismaClient(database.url);
  return {
    database,
    db,
    async close() {
      await db.$disconnect();
      await database.drop();
    },
  };
}

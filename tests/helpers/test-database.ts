// A fresh, real PostgreSQL database for one test file: an in-memory PGlite
// behind a loopback socket by default, or, when TEST_DATABASE_URL names a
// PostgreSQL server (CI sets it), a new database on that server. Either way
// the code under test connects through pg / @prisma/adapter-pg as in production.
import { randomBytes } from "node:crypto";
import { startEmbeddedDatabase } from "@/scripts/embedded-database";
import { withClient } from "@/scripts/pg-client";

export { withClient };

export type TestDatabase = {
  url: string;
  kind: "pglite" | "postgresql";
  drop(): Promise<void>;
};

export const testDatabaseKind: TestDatabase["kind"] = process.env.TEST_DATABASE_URL ? "postgresql" : "pglite";

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedDatabase({});
    return { url: embedded.url, kind: "pglite", drop: () => embedded.stop() };
  }
  return createPostgresDatabase(serverUrl);
}

/** A new, empty database on the PostgreSQL server at `serverUrl`, dropped by `drop()`. */
export async function createPostgresDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `tollgate_test_${randomBytes(6).toString("hex")}`;
  await withClient(serverUrl, async (client) => {
    await client.query(`CREATE DATABASE "${name}"`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: "postgresql",
    drop: () =>
      withClient(serverUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}

import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db-migrations";
import { findSchemaDrift, readDatamodel } from "./helpers/schema-drift";
import { createTestDatabase, testDatabaseKind, withClient, type TestDatabase } from "./helpers/test-database";

const schemaFile = "prisma/schema.prisma";

describe(`schema drift (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let schema: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    schema = await readFile(schemaFile, "utf8");
    await withClient(database.url, (client) => migrate(client));
  });
  afterAll(() => database?.drop());

  const driftFor = async (source: string) =>
    withClient(database.url, async (client) => findSchemaDrift(await readDatamodel(source), client));

  it("the migrations build exactly the database schema.prisma describes", async () => {
    expect(await driftFor(schema)).toEqual([]);
  });

  it("reports a field added to schema.prisma without a migration", async () => {
    const edited = schema.replace(/(model User \{\n)/, "$1  nickname String\n");
    expect(edited).not.toBe(schema);
    expect(await driftFor(edited)).toEqual(["column User.nickname (field User.nickname) is missing"]);
  });

  it("reports a changed default, nullability and a missing index", async () => {
    const edited = schema
      .replace('tier             String         @default("free")', 'tier             String?        @default("pro")')
      .replace("@@index([userId, status])", "@@index([userId, status])\n  @@index([planId])");
    const drift = await driftFor(edited);
    expect(drift).toContain("User.tier: column is NOT NULL, schema says optional");
    expect(drift).toContain("User.tier: column default is free, schema says pro");
    expect(drift).toContain("normal index on Subscription(planId) is missing");
  });

  it("reports a table the schema does not know", async () => {
    await withClient(database.url, (client) => client.query(`CREATE TABLE "Orphan" (id int)`));
    try {
      expect(await driftFor(schema)).toEqual(["table Orphan is not in schema.prisma"]);
    } finally {
      await withClient(database.url, (client) => client.query(`DROP TABLE "Orphan"`));
    }
  });
});

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startEmbeddedDatabase } from "@/scripts/embedded-database";
import { withClient } from "./helpers/test-database";

describe("embedded PostgreSQL (PGlite)", () => {
  let root: string;
  let dataDir: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "tollgate-pglite-"));
    dataDir = path.join(root, "pglite");
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("keeps its data across restarts", async () => {
    const first = await startEmbeddedDatabase({ dataDir });
    await withClient(first.url, async (client) => {
      await client.query("CREATE TABLE note (body text)");
      await client.query("INSERT INTO note VALUES ('survives')");
    });
    await first.stop();

    const second = await startEmbeddedDatabase({ dataDir });
    try {
      const { rows } = await withClient(second.url, (client) => client.query("SELECT body FROM note"));
      expect(rows).toEqual([{ body: "survives" }]);
    } finally {
      await second.stop();
    }
  });

  it("refuses a second owner of the data directory with a clear error", async () => {
    const owner = await startEmbeddedDatabase({ dataDir });
    try {
      await expect(startEmbeddedDatabase({ dataDir })).rejects.toThrow(
        `Database already in use: ${dataDir} belongs to process ${process.pid}`,
      );
      // The refused start must not have disturbed the owner.
      const { rows } = await withClient(owner.url, (client) => client.query("SELECT 1 AS ok"));
      expect(rows).toEqual([{ ok: 1 }]);
    } finally {
      await owner.stop();
    }
  });

  it("takes over a lock left behind by a process that died", async () => {
    await writeFile(`${dataDir}.lock`, "2147483646");
    const database = await startEmbeddedDatabase({ dataDir });
    await database.stop();
  });

  it("serves several connections and keeps their transactions apart", async () => {
    const database = await startEmbeddedDatabase({});
    try {
      await withClient(database.url, (client) =>
        client.query("CREATE TABLE counter (n int); INSERT INTO counter VALUES (0)"),
      );
      await Promise.all(
        Array.from({ length: 8 }, () =>
          withClient(database.url, async (client) => {
            await client.query("BEGIN");
            await client.query("UPDATE counter SET n = n + 1");
            await client.query("COMMIT");
          }),
        ),
      );
      const { rows } = await withClient(database.url, (client) => client.query("SELECT n FROM counter"));
      expect(rows).toEqual([{ n: 8 }]);
    } finally {
      await database.stop();
    }
  });
});

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultMigrationsDir, migrate, readMigrations } from "@/lib/db-migrations";
import { createTestDatabase, testDatabaseKind, withClient, type TestDatabase } from "./helpers/test-database";

const run = promisify(execFile);

describe(`migrations without Prisma's engine (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let dir: string;

  beforeEach(async () => {
    database = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), "tollgate-migrations-"));
    await cp(defaultMigrationsDir, dir, { recursive: true });
  });
  afterEach(async () => {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const migrateCopy = () => withClient(database.url, (client) => migrate(client, dir));

  it("applies every migration once and records it as `prisma migrate deploy` does", async () => {
    const files = await readMigrations(dir);
    expect(await migrateCopy()).toEqual(files.map((file) => file.name));
    expect(await migrateCopy()).toEqual([]);

    const { rows } = await withClient(database.url, (client) =>
      client.query(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`),
    );
    expect(rows).toHaveLength(files.length);
    for (const [index, row] of rows.entries()) {
      const file = files[index]!;
      expect(row.migration_name).toBe(file.name);
      expect(row.checksum).toBe(
        createHash("sha256")
          .update(await readFile(file.file))
          .digest("hex"),
      );
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("refuses to run when an applied migration file changed, naming the file", async () => {
    await migrateCopy();
    const [first] = await readMigrations(dir);
    await writeFile(first!.file, `${first!.sql}\n-- edited after deploy\n`);
    await expect(migrateCopy()).rejects.toThrow(
      `${path.relative(process.cwd(), first!.file)} was changed after it was applied`,
    );
  });

  it("rolls back a failing migration whole and records nothing for it", async () => {
    await migrateCopy();
    const broken = path.join(dir, "29990101000000_broken");
    await mkdir(broken);
    await writeFile(
      path.join(broken, "migration.sql"),
      `CREATE TABLE "HalfDone" (id int);\nALTER TABLE "NoSuchTable" ADD COLUMN x int;\n`,
    );
    await expect(migrateCopy()).rejects.toThrow(/29990101000000_broken failed and was rolled back/);
    const state = await withClient(database.url, async (client) => ({
      table: (await client.query(`SELECT to_regclass('"HalfDone"') AS name`)).rows[0].name,
      rows: (await client.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`))
        .rowCount,
    }));
    expect(state).toEqual({ table: null, rows: 0 });
  });

  it("`npm run db:migrate` applies pending migrations, then reports nothing to do", async () => {
    const migrateCommand = () =>
      run(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/db-migrate.ts"], {
        env: { ...process.env, DATABASE_URL: database.url, NODE_ENV: "development" },
      });
    expect((await migrateCommand()).stdout).toMatch(/Applied \d+ migration\(s\): 20261123000000_init/);
    expect((await migrateCommand()).stdout).toContain("Database is up to date: no pending migrations.");
  });
});

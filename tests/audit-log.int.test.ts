// The audit log: append-only in the database itself, written with the change
// it records, naming users by id only, and complete for role changes, account
// deletion and the billing changes a sync makes.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteAccount } from "@/lib/account/account";
import { grantRole, UnknownUserError } from "@/lib/admin/grant-role";
import { syncCustomer } from "@/lib/billing/sync";
import { migrate } from "@/lib/db-migrations";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/scripts/embedded-database";
import { startBillingTestBed, type BillingTestBed } from "./helpers/billing";
import { testDatabaseKind, withClient } from "./helpers/test-database";

describe(`the audit log (${testDatabaseKind})`, () => {
  let bed: BillingTestBed;
  beforeAll(async () => {
    bed = await startBillingTestBed();
  }, 120_000);
  afterAll(() => bed?.close());

  const rowsAbout = (targetId: string) => bed.db.auditLog.findMany({ where: { targetId }, orderBy: { id: "asc" } });

  it("refuses UPDATE, DELETE and TRUNCATE, even from the app's own connection", async () => {
    const user = await bed.createUser("append-only");
    await grantRole(bed.db, user.email, "support");
    const [row] = await rowsAbout(user.id);
    expect(row).toBeDefined();
    await expect(
      bed.db.$executeRaw`UPDATE "AuditLog" SET "reason" = 'rewritten' WHERE "id" = ${row!.id}`,
    ).rejects.toThrow(/append-only: UPDATE/);
    await expect(bed.db.$executeRaw`DELETE FROM "AuditLog" WHERE "id" = ${row!.id}`).rejects.toThrow(
      /append-only: DELETE/,
    );
    await expect(bed.db.$executeRaw`TRUNCATE "AuditLog"`).rejects.toThrow(/append-only: TRUNCATE/);
    expect(await rowsAbout(user.id)).toEqual([row]);
  });

  it("records a role change as cli with the role before and after, and only when it changes", async () => {
    const user = await bed.createUser("grant");
    expect(await grantRole(bed.db, user.email.toUpperCase(), "admin")).toEqual({
      userId: user.id,
      from: "member",
      to: "admin",
    });
    await grantRole(bed.db, user.email, "admin"); // already admin: no second row
    const rows = await rowsAbout(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor: "cli",
      actorRole: null,
      action: "role.change",
      targetType: "user",
      before: { role: "member" },
      after: { role: "admin" },
    });
    expect((await bed.db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("admin");
  });

  it("refuses an unknown address by name and writes nothing", async () => {
    const before = await bed.db.auditLog.count();
    await expect(grantRole(bed.db, "nobody@example.com", "admin")).rejects.toThrow(
      new UnknownUserError(
        "No user with the email address nobody@example.com: they must sign in once before they can be given a role.",
      ),
    );
    expect(await bed.db.auditLog.count()).toBe(before);
  });

  it("keeps an account deletion's row after the user is gone, without their email or name", async () => {
    const user = await bed.createUser("leaving");
    await bed.db.user.update({ where: { id: user.id }, data: { name: "Leaving Person" } });
    await deleteAccount(bed.db, user.id, "key", { requestId: "req-1", ip: "203.0.113.9", userAgent: "Browser/1" });
    const rows = await rowsAbout(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: user.id, actorRole: "member", action: "account.delete", ip: "203.0.113.9" });
    const everything = JSON.stringify(
      await bed.db.auditLog.findMany({ where: { OR: [{ actor: user.id }, { targetId: user.id }] } }),
      (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
    );
    expect(everything).not.toContain(user.email);
    expect(everything).not.toContain("Leaving Person");
  });

  it("records a sync's tier and subscription status change with the Stripe event that caused it, once", async () => {
    const user = await bed.createUser("subscriber");
    const customerId = await bed.subscribe(user, "pro");
    const events = await bed.eventsFor(customerId);
    const created = events.find((event) => event.type === "customer.subscription.created")!;
    expect((await bed.deliver(created)).status).toBe(200);
    await bed.drain();
    for (const event of events) await bed.deliver(event); // the rest, and a duplicate: no new change
    await bed.drain();

    const tier = await bed.db.auditLog.findMany({ where: { targetId: user.id, action: "billing.tier_change" } });
    expect(tier).toHaveLength(1);
    expect(tier[0]).toMatchObject({
      actor: `stripe:${created.id}`,
      before: { tier: "free" },
      after: { tier: "pro" },
    });
    const subscription = await bed.db.subscription.findFirstOrThrow({ where: { userId: user.id } });
    const status = await rowsAbout(subscription.id);
    expect(status).toHaveLength(1);
    expect(status[0]).toMatchObject({
      action: "subscription.status_change",
      before: { status: null, planId: null },
      after: { status: "trialing", planId: "pro" },
    });

    // Cancelled at Stripe, re-synced by the system: from trialing to canceled.
    await bed.stripe.subscriptions.cancel(subscription.id);
    await syncCustomer(bed, customerId);
    const [, cancelled] = await rowsAbout(subscription.id);
    expect(cancelled).toMatchObject({ actor: "system", before: { status: "trialing" }, after: { status: "canceled" } });
  });
});

describe("npm run admin:grant", () => {
  let dataRoot: string;
  let running: EmbeddedDatabase;
  // Asynchronous: the database it talks to is served by this very process.
  const grant = (...args: string[]) =>
    new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ["--conditions=react-server", "--import", "tsx", "scripts/admin-grant.ts", ...args],
        {
          env: { ...process.env, DATABASE_URL: "", EMBEDDED_DATABASE_DIR: path.join(dataRoot, "pglite") },
          timeout: 60_000,
        },
        (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  // As `npm run dev` holds it: this process owns the data directory.
  beforeAll(async () => {
    dataRoot = await mkdtemp(path.join(tmpdir(), "tollgate-grant-"));
    running = await startEmbeddedDatabase({ dataDir: path.join(dataRoot, "pglite") });
    await withClient(running.url, async (client) => {
      await migrate(client);
      await client.query(`INSERT INTO "User" (id, email, "updatedAt") VALUES ('cli-user', 'ops@example.com', now())`);
    });
  }, 60_000);
  afterAll(async () => {
    await running?.stop();
    await rm(dataRoot, { recursive: true, force: true });
  });

  const roleAndTrail = () =>
    withClient(running.url, async (client) => ({
      role: (await client.query(`SELECT role FROM "User" WHERE id = 'cli-user'`)).rows[0].role as string,
      rows: Number((await client.query(`SELECT count(*) FROM "AuditLog" WHERE "targetId" = 'cli-user'`)).rows[0].count),
    }));

  it("changes the role through the database a running server holds, audited as cli", async () => {
    const result = await grant("ops@example.com", "admin");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("ops@example.com (user cli-user) is now admin (was member).");
    expect(await roleAndTrail()).toEqual({ role: "admin", rows: 1 });
  });

  it("refuses an unknown address, an unknown role and missing arguments, changing nothing", async () => {
    const before = await roleAndTrail();
    const unknown = await grant("stranger@example.com", "admin");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("No user with the email address stranger@example.com");
    const badRole = await grant("ops@example.com", "owner");
    expect(badRole.status).toBe(1);
    expect(badRole.stderr).toContain('Unknown role "owner": use admin, support or member.');
    const missing = await grant("ops@example.com");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("Usage: npm run admin:grant -- <email> <admin|support|member>");
    expect(await roleAndTrail()).toEqual(before);
  });
});

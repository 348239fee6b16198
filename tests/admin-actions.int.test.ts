// An admin's actions on a customer, against the emulator: each writes exactly
// one audit row with its reason, in the transaction of the change; a failure
// after the change and before the commit leaves neither; a Stripe refusal is
// reported in plain words with nothing recorded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantCredits, parseCreditCount } from "@/lib/admin/grant-credits";
import { cancelSubscription, replayEvent, resyncCustomer } from "@/lib/admin/operator-actions";
import type { Operator } from "@/lib/admin/role-names";
import { syncCustomer } from "@/lib/billing/sync";
import { startBillingTestBed, type BillingTestBed } from "./helpers/billing";
import { testDatabaseKind } from "./helpers/test-database";

describe(`admin actions (${testDatabaseKind})`, () => {
  let bed: BillingTestBed;
  let operator: Operator;
  const request = { requestId: "req-admin", ip: "203.0.113.7", userAgent: "Admin/1" };
  const context = (reason: string) => ({ deps: bed, operator, request, reason });

  beforeAll(async () => {
    bed = await startBillingTestBed();
    operator = await bed.createAdmin();
  }, 120_000);
  afterAll(() => bed?.close());

  async function subscriber() {
    const user = await bed.createUser("customer");
    const customerId = await bed.subscribe(user, "pro");
    await syncCustomer(bed, customerId);
    const subscription = await bed.db.subscription.findFirstOrThrow({ where: { userId: user.id } });
    return { user, customerId, subscriptionId: subscription.id };
  }
  const auditCount = () => bed.db.auditLog.count();
  const rowsBy = () => bed.db.auditLog.findMany({ where: { actor: operator.id }, orderBy: { id: "asc" } });

  /**
   * Makes the next audit insert with `reason` fail after it is written, as
   * any failure between the change and the commit would: the transaction
   * must roll back the change with it.
   */
  async function failAfterAuditWrite(reason: string) {
    await bed.db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION "test_fail_after_audit"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW."reason" = '${reason}' THEN RAISE EXCEPTION 'injected failure before commit'; END IF; RETURN NEW; END $$`);
    await bed.db.$executeRawUnsafe(`
      CREATE OR REPLACE TRIGGER "test_fail_after_audit" AFTER INSERT ON "AuditLog"
      FOR EACH ROW EXECUTE FUNCTION "test_fail_after_audit"()`);
  }

  it("cancels at period end: one row with the reason, who, from where and what changed", async () => {
    const { subscriptionId } = await subscriber();
    const before = (await rowsBy()).length;
    const result = await cancelSubscription(context("customer asked by email"), subscriptionId, "period_end");
    expect(result).toEqual({ ok: true, message: "The subscription will end at the period end." });
    const rows = (await rowsBy()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorRole: "admin",
      action: "subscription.cancel_at_period_end",
      targetType: "subscription",
      targetId: subscriptionId,
      reason: "customer asked by email",
      before: { cancelAtPeriodEnd: false },
      requestId: "req-admin",
      ip: "203.0.113.7",
      userAgent: "Admin/1",
    });
    expect(rows[0]!.after).toMatchObject({ cancelAtPeriodEnd: true });
    expect((await bed.stripe.subscriptions.retrieve(subscriptionId)).cancel_at_period_end).toBe(true);
    expect((await bed.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).cancelAtPeriodEnd).toBe(
      true,
    );
  });

  it("cancels now: one row, the status and the tier change with it", async () => {
    const { user, subscriptionId } = await subscriber();
    const before = await auditCount();
    expect((await cancelSubscription(context("fraud"), subscriptionId, "now")).ok).toBe(true);
    expect(await auditCount()).toBe(before + 1);
    const [row] = await bed.db.auditLog.findMany({
      where: { targetId: subscriptionId, action: "subscription.cancel" },
    });
    expect(row).toMatchObject({
      before: { status: "trialing", tier: "pro" },
      after: { status: "canceled", tier: "free" },
    });
    expect((await bed.db.user.findUniqueOrThrow({ where: { id: user.id } })).tier).toBe("free");
  });

  it("refuses to cancel what Stripe no longer has, in plain words, recording nothing", async () => {
    const { subscriptionId } = await subscriber();
    await bed.stripe.subscriptions.cancel(subscriptionId); // ended at Stripe, not yet synced here
    const before = await auditCount();
    const result = await cancelSubscription(context("again"), subscriptionId, "now");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^Stripe refused to cancel the subscription: /);
    expect(await auditCount()).toBe(before);
  });

  it("re-syncs a customer with one row naming the customer", async () => {
    const { user, customerId } = await subscriber();
    const before = await auditCount();
    expect(await resyncCustomer(context("support ticket 42"), user.id)).toEqual({
      ok: true,
      message: "The customer was re-synced from Stripe.",
    });
    expect(await auditCount()).toBe(before + 1);
    const [row] = await bed.db.auditLog.findMany({ where: { targetId: user.id, action: "customer.resync" } });
    expect(row).toMatchObject({ reason: "support ticket 42", after: { customerId } });
  });

  it("replays a failed event: the event is processed and one row records it", async () => {
    const { customerId } = await subscriber();
    await bed.db.stripeEvent.create({
      data: {
        id: "evt_failed_replay",
        type: "invoice.paid",
        customerId,
        state: "failed",
        attempts: 23,
        lastError: "boom",
      },
    });
    const before = await auditCount();
    expect((await replayEvent(context("Stripe was down"), "evt_failed_replay")).ok).toBe(true);
    expect(await auditCount()).toBe(before + 1);
    expect(await bed.db.stripeEvent.findUniqueOrThrow({ where: { id: "evt_failed_replay" } })).toMatchObject({
      state: "processed",
      lastError: null,
    });
  });

  it("grants credits with one row; the same form submitted twice, even at once, grants once", async () => {
    const user = await bed.createUser("credits");
    const before = (await rowsBy()).length;
    const grant = { userId: user.id, credits: 3, submissionId: "11111111-2222-4333-8444-555555555555" };
    const results = await Promise.all([
      grantCredits(context("goodwill"), grant),
      grantCredits(context("goodwill"), grant),
    ]);
    expect(results.map((result) => result.ok && result.message).sort()).toEqual([
      "Granted 3 report credits; the balance is now 3.",
      "These credits were already granted.",
    ]);
    expect((await bed.db.user.findUniqueOrThrow({ where: { id: user.id } })).reportCredits).toBe(3);
    const rows = (await rowsBy()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "credits.grant",
      targetType: "user",
      targetId: user.id,
      reason: "goodwill",
      before: { reportCredits: 0 },
      after: { reportCredits: 3, credits: 3 },
    });
    // A new form is a new grant.
    const again = await grantCredits(context("goodwill"), { ...grant, credits: 1, submissionId: "another-form-id" });
    expect(again).toEqual({ ok: true, message: "Granted 1 report credit; the balance is now 4." });
  });

  it("refuses a credit count that is not a whole number from 1 to 1000, naming it", () => {
    expect(parseCreditCount(" 12 ")).toEqual({ ok: true, credits: 12 });
    expect(parseCreditCount("2.5")).toEqual({ ok: false, error: '"2.5" is not a whole number of credits.' });
    expect(parseCreditCount("0")).toEqual({ ok: false, error: "Grant between 1 and 1000 credits (0 asked)." });
    expect(parseCreditCount("5000")).toEqual({ ok: false, error: "Grant between 1 and 1000 credits (5000 asked)." });
  });

  it("leaves neither the change nor the row when the transaction fails after both are written", async () => {
    const { subscriptionId, customerId } = await subscriber();
    await bed.db.stripeEvent.create({
      data: {
        id: "evt_failed_injected",
        type: "invoice.paid",
        customerId,
        state: "failed",
        attempts: 23,
        lastError: "x",
      },
    });
    await failAfterAuditWrite("injected");
    try {
      const before = await auditCount();
      const cancel = await cancelSubscription(context("injected"), subscriptionId, "period_end");
      expect(cancel.ok).toBe(false);
      expect(!cancel.ok && cancel.error).toMatch(/^Stripe accepted the cancellation, but storing it here failed/);
      expect((await bed.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).cancelAtPeriodEnd).toBe(
        false,
      );
      const replay = await replayEvent(context("injected"), "evt_failed_injected");
      expect(replay.ok).toBe(false);
      expect((await bed.db.stripeEvent.findUniqueOrThrow({ where: { id: "evt_failed_injected" } })).state).toBe(
        "failed",
      );
      const user = await bed.createUser("credits-injected");
      const grant = await grantCredits(context("injected"), {
        userId: user.id,
        credits: 2,
        submissionId: "injected-form",
      });
      expect(grant.ok).toBe(false);
      expect(!grant.ok && grant.error).toMatch(/^Could not grant the credits: something failed on our side/);
      expect((await bed.db.user.findUniqueOrThrow({ where: { id: user.id } })).reportCredits).toBe(0);
      expect(await auditCount()).toBe(before);
    } finally {
      await bed.db.$executeRawUnsafe(`DROP TRIGGER "test_fail_after_audit" ON "AuditLog"`);
    }
  });
});

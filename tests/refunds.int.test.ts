// Refunds, against the emulator: an admin's refund (checked against what is
// still refundable, made once however often the form is submitted, one audit
// row) and refunds made in the Stripe dashboard, which reach our copy through
// the verified, de-duplicated webhook inbox like every other event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Operator } from "@/lib/admin/role-names";
import { refundPayment } from "@/lib/admin/refund-payment";
import { oneTimeProducts } from "@/lib/billing/plans";
import { reportCreditsOf, spendReportCredit } from "@/lib/payments/credits";
import { fulfilPurchase } from "@/lib/payments/fulfilment";
import { paymentsOf, refundStateOf } from "@/lib/payments/payment-history";
import { startPurchase } from "@/lib/payments/purchases";
import { startBillingTestBed, type BillingTestBed } from "./helpers/billing";
import { testDatabaseKind } from "./helpers/test-database";

describe(`refunds (${testDatabaseKind})`, () => {
  let bed: BillingTestBed;
  let operator: Operator;
  const request = { requestId: "req-refund", ip: "203.0.113.9", userAgent: "Admin/1" };
  const context = (reason: string) => ({ deps: bed, operator, request, reason });
  const pack = oneTimeProducts[0]!;

  beforeAll(async () => {
    bed = await startBillingTestBed();
    operator = await bed.createAdmin();
  }, 120_000);
  afterAll(() => bed?.close());

  /** Delivers every event Stripe sent about the customer to the webhook (duplicates included) and drains the inbox. */
  async function deliverAll(customerId: string) {
    for (const event of await bed.eventsFor(customerId)) expect((await bed.deliver(event)).status).toBeLessThan(300);
    await bed.drain();
  }

  async function subscriberPayment() {
    const user = await bed.createUser("subscriber");
    const customerId = await bed.subscribe(user, "pro");
    // The plan starts with a free trial: the first paid invoice is the one at its end.
    const [subscription] = (await bed.stripe.subscriptions.list({ customer: customerId })).data;
    bed.emulator.advanceClock({ to: subscription!.items.data[0]!.current_period_end + 60 });
    await deliverAll(customerId);
    const [payment] = await paymentsOf(bed.db, user.id);
    if (!payment) throw new Error("the subscription's payment was not stored");
    return { user, customerId, payment };
  }

  async function creditPurchase() {
    const user = await bed.createUser("buyer");
    const { paymentIntentId } = await startPurchase(bed, user, pack);
    await bed.stripe.paymentIntents.confirm(paymentIntentId, { payment_method: "pm_card_visa" });
    await fulfilPurchase(bed, paymentIntentId);
    const customerId = (await bed.db.user.findUniqueOrThrow({ where: { id: user.id } })).stripeCustomerId!;
    await deliverAll(customerId);
    return { user, customerId, paymentIntentId };
  }

  const refundRows = (paymentId: string) =>
    bed.db.auditLog.findMany({ where: { action: "refund.create", targetId: paymentId } });

  it("stores a subscription invoice's payment, reached through the invoice's payments", async () => {
    const { payment } = await subscriberPayment();
    expect(payment).toMatchObject({ amountRefunded: 0, currency: "usd" });
    expect(payment.amount).toBeGreaterThan(0);
    expect(payment.invoiceId).toMatch(/^in_/);
    expect(refundStateOf(payment)).toBe("paid");
  });

  it("refunds once when the same form is submitted twice, with one audit row naming the Stripe refund", async () => {
    const { payment } = await subscriberPayment();
    const half = Math.floor(payment.amount / 2);
    const submit = () =>
      refundPayment(context("charged twice in March"), {
        paymentId: payment.id,
        amount: half,
        stripeReason: "duplicate",
        submissionId: "form-0001-double",
      });
    const [first, second] = await Promise.all([submit(), submit()]);
    expect(first.ok && second.ok).toBe(true);
    const third = await submit();
    expect(third.ok).toBe(true);

    const refunds = await bed.stripe.refunds.list({ payment_intent: payment.id });
    expect(refunds.data).toHaveLength(1);
    expect(refunds.data[0]).toMatchObject({ amount: half, reason: "duplicate" });
    const rows = await refundRows(payment.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor: operator.id,
      actorRole: "admin",
      targetType: "payment",
      reason: "charged twice in March",
      requestId: "req-refund",
      before: { amountRefunded: 0 },
    });
    expect(rows[0]!.after).toMatchObject({ amountRefunded: half, refundId: refunds.data[0]!.id, amount: half });
    const [stored] = await paymentsOf(
      bed.db,
      (await bed.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).userId,
    );
    expect(stored).toMatchObject({ amountRefunded: half });
    expect(refundStateOf(stored!)).toBe("partly refunded");
  });

  it("refuses more than is still refundable with a clear message, before calling Stripe, writing nothing", async () => {
    const { payment } = await subscriberPayment();
    const audit = await bed.db.auditLog.count();
    const result = await refundPayment(context("too much"), {
      paymentId: payment.id,
      amount: payment.amount + 1,
      stripeReason: "requested_by_customer",
      submissionId: "form-0002-toomuch",
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^You can refund at most \$\d+(\.\d\d)? of this payment/);
    expect((await bed.stripe.refunds.list({ payment_intent: payment.id })).data).toHaveLength(0);
    expect(await bed.db.auditLog.count()).toBe(audit);
    expect(await bed.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ amountRefunded: 0 });
    expect(await bed.db.refund.count({ where: { paymentId: payment.id } })).toBe(0);
  });

  it("reports a Stripe refusal in plain words and records nothing", async () => {
    const { payment } = await subscriberPayment();
    const full = await refundPayment(context("refund everything"), {
      paymentId: payment.id,
      amount: null,
      stripeReason: "fraudulent",
      submissionId: "form-0003-full",
    });
    expect(full.ok).toBe(true);
    const audit = await bed.db.auditLog.count();
    // Stripe fails every attempt (the client retries twice): nothing is refunded or recorded.
    bed.emulator.setFaults({ failRequests: 3, failPhase: "before" });
    const refused = await refundPayment(context("again"), {
      paymentId: payment.id,
      amount: 1,
      stripeReason: "fraudulent",
      submissionId: "form-0004-refused",
    });
    bed.emulator.setFaults({ failRequests: 0 });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatch(/^Stripe refused to read the payment: /);
    const again = await refundPayment(context("again"), {
      paymentId: payment.id,
      amount: 1,
      stripeReason: "fraudulent",
      submissionId: "form-0005-again",
    });
    expect(again).toEqual({ ok: false, error: "This payment has already been refunded in full." });
    expect(await bed.db.auditLog.count()).toBe(audit);
    expect((await bed.stripe.refunds.list({ payment_intent: payment.id })).data).toHaveLength(1);
  });

  it("takes back a refunded purchase's unused credits, never below zero, in the refund's transaction", async () => {
    const { user, paymentIntentId } = await creditPurchase();
    expect(await reportCreditsOf(bed.db, user.id)).toBe(pack.credits);
    for (let spent = 0; spent < pack.credits - 1; spent += 1)
      expect(await spendReportCredit(bed.db, user.id)).toBe(true);
    expect(await reportCreditsOf(bed.db, user.id)).toBe(1);

    const result = await refundPayment(context("unhappy with the reports"), {
      paymentId: paymentIntentId,
      amount: null,
      stripeReason: "requested_by_customer",
      submissionId: "form-0006-credits",
    });
    expect(result.ok).toBe(true);
    expect(await reportCreditsOf(bed.db, user.id)).toBe(0);
    const [row] = await refundRows(paymentIntentId);
    expect(row!.after).toMatchObject({ creditsRemoved: 1, amountRefunded: pack.price.amount });
    // The refund's own webhooks change nothing more and write no second row.
    await deliverAll((await bed.db.user.findUniqueOrThrow({ where: { id: user.id } })).stripeCustomerId!);
    expect(await reportCreditsOf(bed.db, user.id)).toBe(0);
    expect(await bed.db.auditLog.count({ where: { action: "credits.revoke", targetId: user.id } })).toBe(0);
    expect(await refundRows(paymentIntentId)).toHaveLength(1);
  });

  it("shows a refund made in the Stripe dashboard once its webhooks arrive, taking back credits as Stripe's event", async () => {
    const { user, customerId, paymentIntentId } = await creditPurchase();
    const half = pack.price.amount / 2;
    // The dashboard: a refund straight through Stripe's API, nothing of ours involved.
    await bed.stripe.refunds.create({ payment_intent: paymentIntentId, amount: half, reason: "requested_by_customer" });
    expect((await paymentsOf(bed.db, user.id))[0]).toMatchObject({ amountRefunded: 0 });

    await deliverAll(customerId);
    const [payment] = await paymentsOf(bed.db, user.id);
    expect(payment).toMatchObject({ id: paymentIntentId, amountRefunded: half, description: pack.name });
    expect(payment!.refunds).toEqual([
      expect.objectContaining({ amount: half, status: "succeeded", reason: "requested_by_customer" }),
    ]);
    expect(refundStateOf(payment!)).toBe("partly refunded");
    const expectedLeft = pack.credits - Math.floor(pack.credits / 2);
    expect(await reportCreditsOf(bed.db, user.id)).toBe(expectedLeft);
    const [revoked] = await bed.db.auditLog.findMany({ where: { action: "credits.revoke", targetId: user.id } });
    expect(revoked!.actor).toMatch(/^stripe:evt_/);
    expect(revoked).toMatchObject({
      before: { reportCredits: pack.credits },
      after: expect.objectContaining({ reportCredits: expectedLeft }),
    });
  });

  it("a refund that fails afterwards puts the payment back to unrefunded", async () => {
    const { user, customerId, paymentIntentId } = await creditPurchase();
    bed.emulator.setFaults({ failRefunds: 1 });
    await bed.stripe.refunds.create({ payment_intent: paymentIntentId, amount: 100 });
    await deliverAll(customerId);
    const [payment] = await paymentsOf(bed.db, user.id);
    expect(payment).toMatchObject({ amountRefunded: 0 });
    expect(payment!.refunds).toEqual([expect.objectContaining({ amount: 100, status: "failed" })]);
    expect(refundStateOf(payment!)).toBe("paid");
  });

  it("a refund that fails after its credits were taken gives back the ones taken, never the ones spent", async () => {
    const { user, customerId, paymentIntentId } = await creditPurchase();
    expect(await spendReportCredit(bed.db, user.id)).toBe(true);
    const result = await refundPayment(context("refund before the card was closed"), {
      paymentId: paymentIntentId,
      amount: null,
      stripeReason: "requested_by_customer",
      submissionId: "form-0009-fails-later",
    });
    expect(result.ok).toBe(true);
    expect(await reportCreditsOf(bed.db, user.id)).toBe(0);
    const [refund] = (await bed.stripe.refunds.list({ payment_intent: paymentIntentId })).data;

    // Days later the customer's bank returns the refund: the money stays with us, so the credits go back.
    const failed = await fetch(`${bed.emulator.url}/_emulator/refunds/${refund!.id}/fail`, { method: "POST" });
    expect(failed.status).toBe(200);
    await deliverAll(customerId);
    expect(await reportCreditsOf(bed.db, user.id)).toBe(pack.credits - 1);
    const [payment] = await paymentsOf(bed.db, user.id);
    expect(refundStateOf(payment!)).toBe("paid");
    const restored = await bed.db.auditLog.findMany({ where: { action: "credits.restore", targetId: user.id } });
    expect(restored).toHaveLength(1);
    expect(restored[0]!.actor).toMatch(/^stripe:evt_/);
    expect(restored[0]).toMatchObject({
      before: { reportCredits: 0 },
      after: expect.objectContaining({ reportCredits: pack.credits - 1 }),
    });
    // Its events again (Stripe retries) give nothing more.
    await deliverAll(customerId);
    expect(await reportCreditsOf(bed.db, user.id)).toBe(pack.credits - 1);
  });

  it("a failed refund of a pack whose credits were all spent gives nothing back, and is logged as a restore", async () => {
    const { user, customerId, paymentIntentId } = await creditPurchase();
    for (let spent = 0; spent < pack.credits; spent += 1) expect(await spendReportCredit(bed.db, user.id)).toBe(true);
    // A full refund from the dashboard: every credit was spent, so none is taken.
    const refund = await bed.stripe.refunds.create({ payment_intent: paymentIntentId });
    await deliverAll(customerId);
    expect(await reportCreditsOf(bed.db, user.id)).toBe(0);

    await fetch(`${bed.emulator.url}/_emulator/refunds/${refund.id}/fail`, { method: "POST" });
    await deliverAll(customerId);
    expect(await reportCreditsOf(bed.db, user.id)).toBe(0);
    const rows = await bed.db.auditLog.findMany({
      where: { targetId: user.id, action: { in: ["credits.revoke", "credits.restore"] } },
      orderBy: { id: "asc" },
    });
    expect(rows.map((row) => row.action)).toEqual(["credits.revoke", "credits.restore"]);
  });
});

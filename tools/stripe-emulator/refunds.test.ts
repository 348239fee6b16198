import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { sdkShapes } from "./sdk-shapes";
import { createPlan, pageText, setUpHarnessWithReceiver, subscribe } from "./test-helpers";

const SECRET = "refunds-test-secret";
const answers: string[] = [];
const bed = setUpHarnessWithReceiver(SECRET, {
  webhookDelivery: "ordered",
  onApiResponse: ({ status, body }) => status === 200 && answers.push(body),
});

/** A paid one-time PaymentIntent of `amount` cents with the 4242 test card. */
async function paidIntent(amount = 1000): Promise<Stripe.PaymentIntent> {
  const stripe = bed.harness.stripe;
  const customer = await stripe.customers.create({ email: "refunds@example.com" });
  return stripe.paymentIntents.create({
    amount,
    currency: "usd",
    customer: customer.id,
    payment_method: "pm_card_visa",
    confirm: true,
  });
}

describe("refunds", () => {
  it("refunds partly then fully, once per idempotency key, updating the charge and emitting Stripe's events", async () => {
    const stripe = bed.harness.stripe;
    const paid = await paidIntent(1000);
    const chargeId = paid.latest_charge as string;
    const before = (await bed.eventsSince(0)).length;

    const partial = await stripe.refunds.create(
      { payment_intent: paid.id, amount: 400, reason: "requested_by_customer", metadata: { ticket: "T-1" } },
      { idempotencyKey: "refund-once" },
    );
    expect(partial).toMatchObject({
      object: "refund",
      amount: 400,
      charge: chargeId,
      payment_intent: paid.id,
      reason: "requested_by_customer",
      status: "succeeded",
      metadata: { ticket: "T-1" },
    });
    const replay = await stripe.refunds.create(
      { payment_intent: paid.id, amount: 400, reason: "requested_by_customer", metadata: { ticket: "T-1" } },
      { idempotencyKey: "refund-once" },
    );
    expect(replay.id).toBe(partial.id);
    expect(await stripe.charges.retrieve(chargeId)).toMatchObject({ amount_refunded: 400, refunded: false });

    await expect(stripe.refunds.create({ charge: chargeId, amount: 700 })).rejects.toMatchObject({
      statusCode: 400,
      param: "amount",
      message: "Refund amount ($7.00) is greater than unrefunded amount on charge ($6.00)",
    });
    await expect(stripe.refunds.create({ charge: chargeId, reason: "expired" as "duplicate" })).rejects.toMatchObject({
      param: "reason",
    });

    const rest = await stripe.refunds.create({ charge: chargeId });
    expect(rest.amount).toBe(600);
    expect(await stripe.charges.retrieve(chargeId)).toMatchObject({ amount_refunded: 1000, refunded: true });
    await expect(stripe.refunds.create({ charge: chargeId })).rejects.toMatchObject({
      code: "charge_already_refunded",
    });

    const events = await bed.eventsSince(before);
    expect(events.map((event) => event.type)).toEqual([
      "refund.created",
      "charge.refunded",
      "refund.created",
      "charge.refunded",
    ]);
    const lastCharge = events[3]?.data.object as Stripe.Charge;
    expect(lastCharge).toMatchObject({ amount_refunded: 1000, refunded: true });
    expect(events[3]?.data.previous_attributes).toMatchObject({ amount_refunded: 400, refunded: false });
  });

  it("retrieves, lists by charge and payment intent, updates metadata and refuses to cancel a card refund", async () => {
    const stripe = bed.harness.stripe;
    const first = await paidIntent(500);
    const second = await paidIntent(800);
    const refundA = await stripe.refunds.create({ payment_intent: first.id, amount: 100 });
    const refundB = await stripe.refunds.create({ payment_intent: second.id });

    expect((await stripe.refunds.retrieve(refundA.id)).amount).toBe(100);
    expect((await stripe.refunds.list({ payment_intent: first.id })).data.map((refund) => refund.id)).toEqual([
      refundA.id,
    ]);
    expect((await stripe.refunds.list({ charge: second.latest_charge as string })).data.map((r) => r.id)).toEqual([
      refundB.id,
    ]);
    expect((await stripe.refunds.list()).data.map((refund) => refund.id)).toEqual([refundB.id, refundA.id]);

    const updated = await stripe.refunds.update(refundA.id, { metadata: { note: "goodwill" } });
    expect(updated.metadata).toEqual({ note: "goodwill" });
    await expect(stripe.refunds.cancel(refundA.id)).rejects.toMatchObject({ statusCode: 400 });
    await expect(stripe.refunds.retrieve("re_missing")).rejects.toMatchObject({ code: "resource_missing" });
    await expect(stripe.refunds.create({ amount: 100 })).rejects.toMatchObject({ statusCode: 400 });

    expect(answers.length).toBeGreaterThan(5);
    expect(answers.flatMap((body) => sdkShapes().checkResponse(JSON.parse(body)))).toEqual([]);
  });

  it("the failRefunds fault makes a refund fail afterwards and gives the charge its money back", async () => {
    const stripe = bed.harness.stripe;
    const paid = await paidIntent(1000);
    const before = (await bed.eventsSince(0)).length;
    bed.harness.emulator.setFaults({ failRefunds: 1 });

    const refund = await stripe.refunds.create({ payment_intent: paid.id, amount: 300 });
    expect(refund.status).toBe("succeeded");
    expect(await stripe.refunds.retrieve(refund.id)).toMatchObject({
      status: "failed",
      failure_reason: "expired_or_canceled_card",
    });
    expect(await stripe.charges.retrieve(paid.latest_charge as string)).toMatchObject({ amount_refunded: 0 });
    const types = (await bed.eventsSince(before)).map((event) => event.type);
    expect(types).toEqual(["refund.created", "charge.refunded", "refund.failed", "refund.updated"]);
    // The fault was used up: the next refund stays succeeded.
    const next = await stripe.refunds.create({ payment_intent: paid.id, amount: 300 });
    expect((await stripe.refunds.retrieve(next.id)).status).toBe("succeeded");
  });

  it("fails a refund days after it succeeded through the control API, as a closed card's bank does", async () => {
    const stripe = bed.harness.stripe;
    const paid = await paidIntent(1000);
    const refund = await stripe.refunds.create({ payment_intent: paid.id, amount: 400 });
    expect(await stripe.charges.retrieve(paid.latest_charge as string)).toMatchObject({ amount_refunded: 400 });
    const before = (await bed.eventsSince(0)).length;
    const fail = () => fetch(`${bed.harness.emulator.url}/_emulator/refunds/${refund.id}/fail`, { method: "POST" });

    expect(await (await fail()).json()).toMatchObject({ id: refund.id, status: "failed" });
    expect(await stripe.charges.retrieve(paid.latest_charge as string)).toMatchObject({ amount_refunded: 0 });
    expect((await bed.eventsSince(before)).map((event) => event.type)).toEqual(["refund.failed", "refund.updated"]);
    // A failed refund cannot fail again.
    const again = await fail();
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: { message: expect.stringMatching(/has a status of failed/) } });
  });

  it("shows the refunds of an invoice's payment on the hosted invoice page", async () => {
    const stripe = bed.harness.stripe;
    const { monthly } = await createPlan(stripe);
    const { subscription } = await subscribe(stripe, monthly);
    const invoice = await stripe.invoices.retrieve(subscription.latest_invoice as string, { expand: ["payments"] });
    const paymentIntent = invoice.payments?.data[0]?.payment.payment_intent as string;
    await stripe.refunds.create({ payment_intent: paymentIntent, amount: 500 });

    const text = await pageText(await fetch(invoice.hosted_invoice_url ?? ""));
    expect(text).toContain("−$5.00");
  });
});

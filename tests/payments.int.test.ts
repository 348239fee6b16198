// One-time purchases, report credits and card updates, on a real database
// with the Stripe emulator: the catalog decides what is charged, fulfilment
// happens once however its callers race, credits never go below zero, and
// nobody can use another user's PaymentIntent or SetupIntent.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BillingInputError } from "@/lib/billing/checkout";
import { listInvoices } from "@/lib/billing/invoices";
import { oneTimeProducts } from "@/lib/billing/plans";
import { syncCustomer } from "@/lib/billing/sync";
import { applyNewCard, startCardUpdate } from "@/lib/payments/card-update";
import { reportCreditsOf, spendReportCredit } from "@/lib/payments/credits";
import { fulfilPurchase } from "@/lib/payments/fulfilment";
import { paymentsOf, purchasesOf } from "@/lib/payments/payment-history";
import { parseProductChoice, retrieveOwnPaymentIntent, startPurchase } from "@/lib/payments/purchases";
import { APP_URL, startBillingTestBed, type BillingTestBed } from "./helpers/billing";
import { testDatabaseKind } from "./helpers/test-database";

describe(`one-time purchases and saved cards (${testDatabaseKind})`, () => {
  let bed: BillingTestBed;
  beforeAll(async () => {
    bed = await startBillingTestBed();
  }, 120_000);
  afterAll(() => bed?.close());

  const pack = oneTimeProducts[0]!;
  const customerOf = async (userId: string) =>
    (await bed.db.user.findUniqueOrThrow({ where: { id: userId }, select: { stripeCustomerId: true } }))
      .stripeCustomerId!;
  /** Pays a PaymentIntent as the Payment Element would, with one of Stripe's test payment methods. */
  const pay = (paymentIntentId: string, paymentMethod = "pm_card_visa") =>
    bed.stripe.paymentIntents.confirm(paymentIntentId, {
      payment_method: paymentMethod,
      return_url: `${APP_URL}/checkout/credits/complete`,
    });
  const eventFor = async (type: string, objectId: string): Promise<Stripe.Event> => {
    for await (const event of bed.stripe.events.list({ type, limit: 100 })) {
      if ((event.data.object as { id?: string }).id === objectId) return event;
    }
    throw new Error(`no ${type} event for ${objectId}`);
  };

  it.each([["report-credits-999"], ["tollgate_pro_monthly"], [""], [undefined], [{ amount: 1 }]])(
    "refuses product %j before any Stripe call",
    async (product) => {
      const before = (await bed.stripe.paymentIntents.list({ limit: 100 })).data.length;
      const customersBefore = (await bed.stripe.customers.list({ limit: 100 })).data.length;
      expect(() => parseProductChoice(product)).toThrow(BillingInputError);
      expect(() => parseProductChoice(product)).toThrow(/is not a product you can buy/);
      expect((await bed.stripe.paymentIntents.list({ limit: 100 })).data.length).toBe(before);
      expect((await bed.stripe.customers.list({ limit: 100 })).data.length).toBe(customersBefore);
    },
  );

  it("charges the catalog's amount on the user's own customer, and a double click gets one PaymentIntent", async () => {
    const user = await bed.createUser("buy");
    const [a, b] = await Promise.all([
      startPurchase(bed, user, parseProductChoice(pack.id)),
      startPurchase(bed, user, parseProductChoice(pack.id)),
    ]);
    expect(a.paymentIntentId).toBe(b.paymentIntentId);
    const paymentIntent = await bed.stripe.paymentIntents.retrieve(a.paymentIntentId);
    expect(paymentIntent).toMatchObject({
      amount: pack.price.amount,
      currency: pack.price.currency,
      customer: await customerOf(user.id),
      automatic_payment_methods: { enabled: true },
      metadata: { userId: user.id, product: pack.id },
    });
  });

  it("a declined card grants nothing and the retry pays the same PaymentIntent", async () => {
    const user = await bed.createUser("declined");
    const { paymentIntentId } = await startPurchase(bed, user, pack);
    await expect(pay(paymentIntentId, "pm_card_chargeDeclined")).rejects.toMatchObject({
      type: "StripeCardError",
      code: "card_declined",
    });
    const outcome = await fulfilPurchase(bed, paymentIntentId);
    expect(outcome).toMatchObject({ kind: "not-paid", status: "requires_payment_method" });
    expect(outcome.kind === "not-paid" && outcome.message).toMatch(/declined/i);
    expect(await reportCreditsOf(bed.db, user.id)).toBe(0);

    // The user's choice stands: the same PaymentIntent is offered again and can be paid.
    expect((await startPurchase(bed, user, pack)).paymentIntentId).toBe(paymentIntentId);
    await pay(paymentIntentId);
    expect(await fulfilPurchase(bed, paymentIntentId)).toEqual({ kind: "fulfilled", credits: pack.credits });
    expect(await reportCreditsOf(bed.db, user.id)).toBe(pack.credits);
  });

  it("fulfils once when the return page races the webhook delivered three times in parallel", async () => {
    const user = await bed.createUser("race");
    const { paymentIntentId } = await startPurchase(bed, user, pack);
    await pay(paymentIntentId);
    const event = await eventFor("payment_intent.succeeded", paymentIntentId);

    const deliveries = await Promise.all([bed.deliver(event), bed.deliver(event), bed.deliver(event)]);
    expect(deliveries.map((delivery) => delivery.status)).toEqual([200, 200, 200]);
    const outcomes = await Promise.all([
      fulfilPurchase(bed, paymentIntentId), // the return page
      bed.drain(),
      bed.drain(),
      fulfilPurchase(bed, paymentIntentId),
    ]);
    const pageOutcomes = [outcomes[0], outcomes[3]] as Array<{ kind: string }>;
    expect(pageOutcomes.every((outcome) => ["fulfilled", "already-fulfilled"].includes(outcome.kind))).toBe(true);

    expect(await reportCreditsOf(bed.db, user.id)).toBe(pack.credits);
    expect(await bed.db.purchase.count({ where: { userId: user.id } })).toBe(1);
    // One receipt, however many times fulfilment was asked.
    const receipts = await bed.db.billingEmail.findMany({ where: { userId: user.id, template: "purchase-receipt" } });
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.text).toContain(`now have ${pack.credits} report credits`);
  });

  it("fulfils once when the same event is processed by several instances at once", async () => {
    const user = await bed.createUser("instances");
    const { paymentIntentId } = await startPurchase(bed, user, oneTimeProducts[1]!);
    await pay(paymentIntentId);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => fulfilPurchase(bed, paymentIntentId)));
    expect(outcomes.filter((outcome) => outcome.kind === "fulfilled")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.kind === "already-fulfilled")).toHaveLength(4);
    expect(await reportCreditsOf(bed.db, user.id)).toBe(oneTimeProducts[1]!.credits);
  });

  it("refuses another user's PaymentIntent and SetupIntent", async () => {
    const owner = await bed.createUser("owner");
    const intruder = await bed.createUser("intruder");
    await startPurchase(bed, intruder, pack); // the intruder has a customer of their own
    const { paymentIntentId } = await startPurchase(bed, owner, pack);
    await pay(paymentIntentId);
    expect(await retrieveOwnPaymentIntent(bed, intruder.id, paymentIntentId)).toBeNull();
    expect((await retrieveOwnPaymentIntent(bed, owner.id, paymentIntentId))?.id).toBe(paymentIntentId);
    expect(await retrieveOwnPaymentIntent(bed, intruder.id, "pi_doesnotexist")).toBeNull();
    expect(await retrieveOwnPaymentIntent(bed, intruder.id, "../v1/customers")).toBeNull();

    const ownerCustomer = { id: owner.id, stripeCustomerId: await customerOf(owner.id) };
    const intruderCustomer = { id: intruder.id, stripeCustomerId: await customerOf(intruder.id) };
    const { clientSecret } = await startCardUpdate(bed, ownerCustomer);
    const setupIntentId = clientSecret.split("_secret_")[0]!;
    await bed.stripe.setupIntents.confirm(setupIntentId, { payment_method: "pm_card_visa" });
    expect(await applyNewCard(bed, intruderCustomer, setupIntentId)).toBeNull();
    const intruderDefault = await bed.stripe.customers.retrieve(intruderCustomer.stripeCustomerId);
    expect(intruderDefault.deleted ? null : intruderDefault.invoice_settings.default_payment_method).toBeNull();
    expect(await applyNewCard(bed, ownerCustomer, setupIntentId)).toEqual({ kind: "updated", paidInvoice: false });
  });

  it("20 concurrent exports with 1 credit left spend exactly one, and credits never go below zero", async () => {
    const user = await bed.createUser("spend");
    await bed.db.user.update({ where: { id: user.id }, data: { reportCredits: 1 } });
    const spent = await Promise.all(Array.from({ length: 20 }, () => spendReportCredit(bed.db, user.id)));
    expect(spent.filter(Boolean)).toHaveLength(1);
    expect(await reportCreditsOf(bed.db, user.id)).toBe(0);

    await bed.db.user.update({ where: { id: user.id }, data: { reportCredits: 3 } });
    const more = await Promise.all(Array.from({ length: 20 }, () => spendReportCredit(bed.db, user.id)));
    expect(more.filter(Boolean)).toHaveLength(3);
    expect(await reportCreditsOf(bed.db, user.id)).toBe(0);
    // The database itself refuses a negative balance.
    await expect(
      bed.db.user.update({ where: { id: user.id }, data: { reportCredits: { decrement: 1 } } }),
    ).rejects.toThrow(/reportCredits_check|check constraint/i);
  });

  it("a new card pays a past-due subscription's open invoice and becomes the default", async () => {
    const user = await bed.createUser("newcard");
    const customer = await bed.subscribe(user, "business");
    await bed.failRenewal(customer);
    const [subscription] = (await bed.stripe.subscriptions.list({ customer })).data;
    await syncCustomer(bed, customer);
    expect((await bed.db.subscription.findFirstOrThrow({ where: { userId: user.id } })).status).toBe("past_due");

    const owner = { id: user.id, stripeCustomerId: customer };
    const { clientSecret } = await startCardUpdate(bed, owner);
    const setupIntentId = clientSecret.split("_secret_")[0]!;
    const setupIntent = await bed.stripe.setupIntents.retrieve(setupIntentId);
    expect(setupIntent).toMatchObject({ usage: "off_session", customer });
    const confirmed = await bed.stripe.setupIntents.confirm(setupIntentId, { payment_method: "pm_card_visa" });
    const newCard = confirmed.payment_method as string;

    expect(await applyNewCard(bed, owner, setupIntentId)).toEqual({ kind: "updated", paidInvoice: true });
    const stripeCustomer = await bed.stripe.customers.retrieve(customer);
    expect(stripeCustomer.deleted ? null : stripeCustomer.invoice_settings.default_payment_method).toBe(newCard);
    const after = await bed.stripe.subscriptions.retrieve(subscription!.id);
    expect(after).toMatchObject({ status: "active", default_payment_method: newCard });
    expect((await bed.db.subscription.findFirstOrThrow({ where: { userId: user.id } })).status).toBe("active");
    // Applying the same SetupIntent again (a reload of the return page) changes nothing.
    expect(await applyNewCard(bed, owner, setupIntentId)).toEqual({ kind: "updated", paidInvoice: false });
  });

  it("the billing page's purchases come from our database, with their refund state, and reading them calls no Stripe", async () => {
    const user = await bed.createUser("list");
    const customer = async () => customerOf(user.id);
    const { paymentIntentId } = await startPurchase(bed, user, pack);
    await pay(paymentIntentId);
    expect(await fulfilPurchase(bed, paymentIntentId)).toMatchObject({ kind: "fulfilled" });
    // An attempt at the other pack that was declined is not a purchase.
    const bigPack = oneTimeProducts[1]!;
    const declined = await startPurchase(bed, user, bigPack);
    await expect(pay(declined.paymentIntentId, "pm_card_chargeDeclined")).rejects.toMatchObject({
      code: "card_declined",
    });
    // Someone else's purchase never shows on this user's page.
    const other = await bed.createUser("list-other");
    const othersPurchase = await startPurchase(bed, other, pack);
    await pay(othersPurchase.paymentIntentId);
    await fulfilPurchase(bed, othersPurchase.paymentIntentId);
    const paid = await bed.stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] });
    const receiptUrl = (paid.latest_charge as Stripe.Charge).receipt_url;
    expect(receiptUrl).toMatch(/^https?:\/\//);

    const stripeRequests = async () =>
      (await (await fetch(`${bed.emulator.url}/_emulator/requests`)).json()) as { reads: number; writes: number };
    /** Everything the billing page lists, read as the page reads it, and the Stripe API calls that made. */
    const billingLists = async () => {
      const before = await stripeRequests();
      const [purchases, payments, invoices] = await Promise.all([
        purchasesOf(bed.db, user.id),
        paymentsOf(bed.db, user.id),
        listInvoices(bed.db, user.id, 10),
      ]);
      const after = await stripeRequests();
      return { purchases, payments, invoices, stripeCalls: after.reads + after.writes - before.reads - before.writes };
    };
    const row = (state: string) => ({
      id: paymentIntentId,
      productName: pack.name,
      amount: pack.price.amount,
      currency: pack.price.currency,
      boughtAt: expect.any(Date),
      state,
      receiptUrl,
    });

    // Fulfilled, and the payments sync has not stored its payment yet: listed as paid all the same.
    const fresh = await billingLists();
    expect(fresh.payments).toEqual([]);
    expect(fresh.purchases).toEqual([row("paid")]);
    expect(fresh.stripeCalls).toBe(0);

    // Its webhooks processed: the payment is stored and the purchase still reads as paid.
    const deliverAll = async () => {
      for (const event of await bed.eventsFor(await customer())) await bed.deliver(event);
      await bed.drain();
    };
    await deliverAll();
    const synced = await billingLists();
    expect(synced.payments.map((payment) => payment.id)).toEqual([paymentIntentId]);
    expect(synced.purchases).toEqual([row("paid")]);
    expect(synced.stripeCalls).toBe(0);

    // Refunded in part, then the rest, in the Stripe dashboard: each state shows once the sync has written it.
    const part = 100;
    await bed.stripe.refunds.create({ payment_intent: paymentIntentId, amount: part });
    await deliverAll();
    const partly = await billingLists();
    expect(partly.purchases).toEqual([row("partly refunded")]);
    expect(partly.stripeCalls).toBe(0);
    await bed.stripe.refunds.create({ payment_intent: paymentIntentId, amount: pack.price.amount - part });
    await deliverAll();
    const refunded = await billingLists();
    expect(refunded.purchases).toEqual([row("refunded")]);
    expect(refunded.stripeCalls).toBe(0);
    expect(await purchasesOf(bed.db, other.id)).toEqual([
      expect.objectContaining({ id: othersPurchase.paymentIntentId, state: "paid" }),
    ]);
  });
});

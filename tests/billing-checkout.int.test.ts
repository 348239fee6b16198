// Checkout, the success page's ownership check, the portal, plan changes and
// account deletion, on a real database with the Stripe emulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelSubscriptionsForDeletion, deleteAccount } from "@/lib/account/account";
import {
  BillingInputError,
  ensureCustomer,
  parsePlanChoice,
  retrieveOwnCheckoutSession,
  startCheckout,
} from "@/lib/billing/checkout";
import { cancelPendingChange, changePlan, previewPlanChange } from "@/lib/billing/plan-change";
import { createPortalSession } from "@/lib/billing/portal";
import { syncCustomer } from "@/lib/billing/sync";
import { APP_URL, startBillingTestBed, type BillingTestBed } from "./helpers/billing";
import { testDatabaseKind } from "./helpers/test-database";

describe(`checkout, portal and plan changes (${testDatabaseKind})`, () => {
  let bed: BillingTestBed;
  beforeAll(async () => {
    bed = await startBillingTestBed();
  }, 120_000);
  afterAll(() => bed?.close());

  const customerCount = async () => (await bed.stripe.customers.list({ limit: 100 })).data.length;
  const sessionIdOf = (url: string) => /cs_test_[A-Za-z0-9]+/.exec(url)![0];
  const subscriptionRow = (userId: string) => bed.db.subscription.findFirstOrThrow({ where: { userId } });
  const tierOf = async (userId: string) =>
    (await bed.db.user.findUniqueOrThrow({ where: { id: userId }, select: { tier: true } })).tier;

  it.each([
    ["enterprise", "month", /"enterprise" is not a plan/],
    ["free", "month", /"free" is not a plan you can subscribe to/],
    ["pro", "weekly", /interval must be "month" or "year"/],
    [undefined, undefined, /not a plan/],
  ])("refuses plan %s / %s with a clear error and no Stripe call", async (plan, interval, message) => {
    const before = await customerCount();
    expect(() => parsePlanChoice(plan, interval)).toThrow(message);
    expect(() => parsePlanChoice(plan, interval)).toThrow(BillingInputError);
    expect(await customerCount()).toBe(before);
  });

  it("creates one customer per user, however often or concurrently it is asked", async () => {
    const user = await bed.createUser("cust");
    const ids = await Promise.all([1, 2, 3].map(() => ensureCustomer(bed.db, bed.stripe, user)));
    expect(new Set(ids).size).toBe(1);
    const customer = await bed.stripe.customers.retrieve(ids[0]!);
    expect(customer.deleted ? null : customer.metadata.userId).toBe(user.id);
  });

  it("builds the Checkout URLs from APP_URL only, and a double click gets one session", async () => {
    const user = await bed.createUser("urls");
    const choice = parsePlanChoice("pro", "year");
    const [a, b] = await Promise.all([startCheckout(bed, user, choice), startCheckout(bed, user, choice)]);
    if (a.kind !== "checkout" || b.kind !== "checkout") throw new Error("expected checkouts");
    expect(a.url).toBe(b.url);
    const session = await bed.stripe.checkout.sessions.retrieve(sessionIdOf(a.url));
    expect(session.success_url).toBe(`${APP_URL}/billing/success?session_id={CHECKOUT_SESSION_ID}`);
    expect(session.cancel_url).toBe(`${APP_URL}/pricing?checkout=cancelled`);
    expect(session.client_reference_id).toBe(user.id);
    expect(session.mode).toBe("subscription");
  });

  it("sends a subscriber to plan change instead of a second subscription, even before any webhook", async () => {
    const user = await bed.createUser("second");
    const customer = await bed.subscribe(user); // not synced: our database knows nothing yet
    expect(await startCheckout(bed, user, parsePlanChoice("business", "month"))).toEqual({
      kind: "change-plan",
      planId: "business",
      interval: "month",
    });
    expect((await bed.stripe.subscriptions.list({ customer, status: "all" })).data).toHaveLength(1);
  });

  it("keeps one open Checkout per customer: a new plan expires the other session", async () => {
    const user = await bed.createUser("tabs");
    const first = await startCheckout(bed, user, parsePlanChoice("pro", "month"));
    const second = await startCheckout(bed, user, parsePlanChoice("business", "month"));
    if (first.kind !== "checkout" || second.kind !== "checkout") throw new Error("expected checkouts");
    expect((await bed.stripe.checkout.sessions.retrieve(sessionIdOf(first.url))).status).toBe("expired");
    expect((await bed.stripe.checkout.sessions.retrieve(sessionIdOf(second.url))).status).toBe("open");

    // Back and forth within the minute the idempotency key lives: always a live session.
    for (const plan of ["pro", "business", "pro"]) {
      const again = await startCheckout(bed, user, parsePlanChoice(plan, "month"));
      if (again.kind !== "checkout") throw new Error("expected a checkout");
      expect((await bed.stripe.checkout.sessions.retrieve(sessionIdOf(again.url))).status).toBe("open");
    }
  });

  it("Embedded Checkout applies the hosted rules, differing only in ui_mode and return_url", async () => {
    const user = await bed.createUser("embedded");
    const choice = parsePlanChoice("pro", "month");
    const [a, b] = await Promise.all([
      startCheckout(bed, user, choice, "embedded"),
      startCheckout(bed, user, choice, "embedded"),
    ]);
    if (a.kind !== "embedded" || b.kind !== "embedded") throw new Error("expected embedded checkouts");
    expect(a.clientSecret).toBe(b.clientSecret); // a double click (or a reload of /checkout) gets one session
    const [session] = (
      await bed.stripe.checkout.sessions.list({
        customer: await ensureCustomer(bed.db, bed.stripe, user),
        status: "open",
      })
    ).data;
    expect(session).toMatchObject({
      ui_mode: "embedded_page",
      return_url: `${APP_URL}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
      client_secret: a.clientSecret,
      client_reference_id: user.id,
      mode: "subscription",
      metadata: { userId: user.id, planId: "pro", interval: "month" },
    });
    expect(session!.success_url).toBeNull();
    // The catalog's price, found by its lookup key.
    const { data: items } = await bed.stripe.checkout.sessions.listLineItems(session!.id);
    expect(items[0]!.price!.lookup_key).toBe("tollgate_pro_monthly");

    // Switching to the hosted page expires the embedded session: one open Checkout per customer.
    const hosted = await startCheckout(bed, user, choice, "hosted");
    if (hosted.kind !== "checkout") throw new Error("expected a hosted checkout");
    expect((await bed.stripe.checkout.sessions.retrieve(session!.id)).status).toBe("expired");

    // A subscriber is sent to change their plan, never to a second subscription.
    const subscriber = await bed.createUser("embedded-subscriber");
    await bed.subscribe(subscriber);
    expect(await startCheckout(bed, subscriber, parsePlanChoice("business", "year"), "embedded")).toEqual({
      kind: "change-plan",
      planId: "business",
      interval: "year",
    });
  });

  it("shows a Checkout Session only to the user it belongs to", async () => {
    const owner = await bed.createUser("owner");
    const other = await bed.createUser("other");
    const result = await startCheckout(bed, owner, parsePlanChoice("pro", "month"));
    if (result.kind !== "checkout") throw new Error("expected a checkout");
    const sessionId = sessionIdOf(result.url);
    await ensureCustomer(bed.db, bed.stripe, other);
    expect(await retrieveOwnCheckoutSession(bed.db, bed.stripe, other.id, sessionId)).toBeNull();
    expect(await retrieveOwnCheckoutSession(bed.db, bed.stripe, owner.id, "cs_test_doesnotexist")).toBeNull();
    expect(await retrieveOwnCheckoutSession(bed.db, bed.stripe, owner.id, "../../v1/customers")).toBeNull();
    expect((await retrieveOwnCheckoutSession(bed.db, bed.stripe, owner.id, sessionId))?.id).toBe(sessionId);
  });

  it("opens the portal only for the user's own customer", async () => {
    const stranger = await bed.createUser("noportal");
    await expect(createPortalSession(bed, stranger.id)).rejects.toThrow("You have no billing account yet");
    const user = await bed.createUser("portal");
    const customer = await bed.subscribe(user);
    const url = await createPortalSession(bed, user.id);
    const sessions = await bed.stripe.billingPortal.sessions.create({
      customer,
      return_url: `${APP_URL}/account/billing`,
    });
    expect(new URL(url).origin).toBe(new URL(sessions.url).origin);
  });

  it("previews and applies a plan change with prorations, then syncs it", async () => {
    const user = await bed.createUser("upgrade");
    const customer = await bed.subscribe(user, "pro", "month", "4242424242424242");
    await syncCustomer(bed, customer);
    const preview = await previewPlanChange(bed, user.id, parsePlanChoice("business", "year"));
    expect(preview.currentPlanId).toBe("pro");
    expect(preview.nextInvoiceAmount).toBe(49000);
    await expect(previewPlanChange(bed, user.id, parsePlanChoice("pro", "month"))).rejects.toThrow("already on Pro");

    await changePlan(bed, user.id, parsePlanChoice("business", "year"));
    const [row] = await bed.db.subscription.findMany({ where: { userId: user.id } });
    expect(row).toMatchObject({ planId: "business", interval: "year" });
    expect((await bed.db.user.findUniqueOrThrow({ where: { id: user.id } })).tier).toBe("business");
  });

  it("ends the trial when a trialing user upgrades: the new plan is charged in full now", async () => {
    const user = await bed.createUser("trialup");
    const customer = await bed.subscribe(user, "pro", "month");
    await syncCustomer(bed, customer);
    expect((await subscriptionRow(user.id)).status).toBe("trialing");

    const preview = await previewPlanChange(bed, user.id, parsePlanChoice("business", "month"));
    expect(preview).toMatchObject({ timing: "now", endsTrial: true, amountDueNow: 4900 });
    await changePlan(bed, user.id, parsePlanChoice("business", "month"));
    expect(await subscriptionRow(user.id)).toMatchObject({ status: "active", planId: "business" });
    const [invoice] = (await bed.stripe.invoices.list({ customer, limit: 1 })).data;
    expect(invoice).toMatchObject({ status: "paid", amount_paid: 4900 });
  });

  it("schedules a downgrade for the period end, keeps the paid plan until then, and can take it back", async () => {
    const user = await bed.createUser("down");
    const customer = await bed.subscribe(user, "business", "month");
    await syncCustomer(bed, customer);
    const periodEnd = (await subscriptionRow(user.id)).currentPeriodEnd;
    const invoicesBefore = (await bed.stripe.invoices.list({ customer })).data.length;

    const preview = await previewPlanChange(bed, user.id, parsePlanChoice("pro", "month"));
    expect(preview).toMatchObject({ timing: "period-end", amountDueNow: 0, nextInvoiceAmount: 1200 });
    expect(preview.nextInvoiceDate).toEqual(periodEnd);
    await changePlan(bed, user.id, parsePlanChoice("pro", "month"));
    expect(await subscriptionRow(user.id)).toMatchObject({
      planId: "business",
      scheduledPlanId: "pro",
      scheduledInterval: "month",
      scheduledChangeAt: periodEnd,
    });
    expect(await tierOf(user.id)).toBe("business");
    expect((await bed.stripe.invoices.list({ customer })).data).toHaveLength(invoicesBefore);

    // "Keep my plan", then downgrade again, and let the period end.
    await cancelPendingChange(bed, user.id);
    expect(await subscriptionRow(user.id)).toMatchObject({ planId: "business", scheduledPlanId: null });
    await expect(cancelPendingChange(bed, user.id)).rejects.toThrow("no pending plan change");
    await changePlan(bed, user.id, parsePlanChoice("pro", "month"));
    bed.emulator.advanceClock({ to: periodEnd.getTime() / 1000 + 60 });
    await syncCustomer(bed, customer);
    expect(await subscriptionRow(user.id)).toMatchObject({ status: "active", planId: "pro", scheduledPlanId: null });
    expect(await tierOf(user.id)).toBe("pro");
    const [renewal] = (await bed.stripe.invoices.list({ customer, limit: 1 })).data;
    expect(renewal).toMatchObject({ amount_paid: 1200 });
  });

  it("gives no second trial to an address whose deleted account had subscribed", async () => {
    const first = await bed.createUser("again");
    await bed.subscribe(first, "pro", "month");
    await syncCustomer(bed, await ensureCustomer(bed.db, bed.stripe, first));
    await cancelSubscriptionsForDeletion(bed.db, bed.stripe, first.id);
    await deleteAccount(bed.db, first.id, bed.emailHashKey);

    const second = await bed.db.user.create({
      data: { email: first.email.toUpperCase() },
      select: { id: true, email: true },
    });
    const customer = await bed.subscribe(second, "pro", "month");
    const [subscription] = (await bed.stripe.subscriptions.list({ customer })).data;
    expect(subscription).toMatchObject({ status: "active", trial_end: null });
    // A fresh address still gets the trial.
    const newcomer = await bed.createUser("newcomer");
    const [trial] = (await bed.stripe.subscriptions.list({ customer: await bed.subscribe(newcomer) })).data;
    expect(trial!.status).toBe("trialing");
  });

  it("refuses plan changes for a user without a subscription", async () => {
    const user = await bed.createUser("nosub");
    await expect(previewPlanChange(bed, user.id, parsePlanChoice("pro", "month"))).rejects.toThrow(BillingInputError);
  });

  it("cancels live subscriptions before an account is deleted", async () => {
    const user = await bed.createUser("leaving");
    const customer = await bed.subscribe(user);
    const [subscription] = (await bed.stripe.subscriptions.list({ customer })).data;
    expect(await cancelSubscriptionsForDeletion(bed.db, bed.stripe, user.id)).toBe(1);
    expect((await bed.stripe.subscriptions.retrieve(subscription!.id)).status).toBe("canceled");
    expect((await bed.stripe.customers.retrieve(customer)).deleted).toBe(true);
  });

  it("deletes nothing when Stripe cannot cancel", async () => {
    const user = await bed.createUser("stuck");
    await bed.subscribe(user);
    bed.emulator.setFaults({ failRequests: 5, failMode: "500" });
    await expect(cancelSubscriptionsForDeletion(bed.db, bed.stripe, user.id)).rejects.toThrow();
    bed.emulator.setFaults({ failRequests: 0 });
    expect(await bed.db.user.findUnique({ where: { id: user.id } })).not.toBeNull();
  });
});

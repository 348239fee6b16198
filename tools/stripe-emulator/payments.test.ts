import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { sdkShapes } from "./sdk-shapes";
import { setUpHarnessWithReceiver, submitForm } from "./test-helpers";

const SECRET = "payments-test-secret";
const answers: string[] = [];
const bed = setUpHarnessWithReceiver(SECRET, {
  onApiResponse: ({ status, body }) => status === 200 && answers.push(body),
});

/** What Stripe.js does from the browser: calls with the publishable key and the intent's client secret. */
function browserStripe(): Stripe {
  return new Stripe("pk_test_emulator", {
    host: "127.0.0.1",
    port: bed.harness.emulator.port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
}

async function customer(): Promise<Stripe.Customer> {
  return bed.harness.stripe.customers.create({ email: "payer@example.com", metadata: { userId: "user_1" } });
}

async function cardPaymentMethod(number: string): Promise<Stripe.PaymentMethod> {
  return browserStripe().paymentMethods.create({
    type: "card",
    card: { number, exp_month: 12, exp_year: 2034, cvc: "123" },
  });
}

describe("payment intents", () => {
  it("creates, retrieves with the client secret rules, updates, lists and pays with 4242", async () => {
    const stripe = bed.harness.stripe;
    const buyer = await customer();
    const created = await stripe.paymentIntents.create(
      {
        amount: 900,
        currency: "usd",
        customer: buyer.id,
        automatic_payment_methods: { enabled: true },
        metadata: { userId: "user_1", product: "credits_10" },
        description: "10 report credits",
        receipt_email: "payer@example.com",
      },
      { idempotencyKey: "pi-credits-1" },
    );
    expect(created).toMatchObject({
      status: "requires_payment_method",
      amount: 900,
      currency: "usd",
      customer: buyer.id,
      latest_charge: null,
      automatic_payment_methods: { enabled: true },
    });
    expect(created.client_secret).toMatch(new RegExp(`^${created.id}_secret_`));
    const replay = await stripe.paymentIntents.create(
      {
        amount: 900,
        currency: "usd",
        customer: buyer.id,
        automatic_payment_methods: { enabled: true },
        metadata: { userId: "user_1", product: "credits_10" },
        description: "10 report credits",
        receipt_email: "payer@example.com",
      },
      { idempotencyKey: "pi-credits-1" },
    );
    expect(replay.id).toBe(created.id);

    const browser = browserStripe();
    await expect(browser.paymentIntents.retrieve(created.id)).rejects.toMatchObject({ code: "parameter_missing" });
    await expect(
      browser.paymentIntents.retrieve(created.id, { client_secret: `${created.id}_secret_wrong` }),
    ).rejects.toMatchObject({ param: "client_secret" });
    await expect(browser.paymentIntents.list()).rejects.toMatchObject({ statusCode: 403 });
    const seen = await browser.paymentIntents.retrieve(created.id, { client_secret: created.client_secret ?? "" });
    expect(seen.id).toBe(created.id);

    const updated = await stripe.paymentIntents.update(created.id, {
      amount: 1900,
      metadata: { product: "credits_25" },
    });
    expect(updated).toMatchObject({ amount: 1900, metadata: { userId: "user_1", product: "credits_25" } });

    const card = await cardPaymentMethod("4242424242424242");
    const paid = await browser.paymentIntents.confirm(created.id, {
      client_secret: created.client_secret ?? "",
      payment_method: card.id,
      return_url: "http://127.0.0.1:9/return",
    } as Stripe.PaymentIntentConfirmParams);
    expect(paid).toMatchObject({ status: "succeeded", amount_received: 1900, payment_method: card.id });
    const charge = await stripe.charges.retrieve(String(paid.latest_charge));
    expect(charge).toMatchObject({
      status: "succeeded",
      paid: true,
      amount: 1900,
      amount_refunded: 0,
      refunded: false,
      payment_intent: created.id,
      customer: buyer.id,
    });
    expect(charge.receipt_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect((await stripe.charges.list({ payment_intent: created.id })).data.map((each) => each.id)).toEqual([
      charge.id,
    ]);
    expect((await stripe.paymentIntents.list({ customer: buyer.id })).data.map((each) => each.id)).toEqual([
      created.id,
    ]);
    await expect(stripe.paymentIntents.update(created.id, { amount: 500 })).rejects.toMatchObject({
      code: "payment_intent_unexpected_state",
    });
    await expect(stripe.paymentIntents.cancel(created.id)).rejects.toMatchObject({
      code: "payment_intent_unexpected_state",
    });

    const events = await bed.eventsSince(0);
    expect(events.map((event) => event.type)).toEqual([
      "customer.created",
      "payment_intent.created",
      "charge.succeeded",
      "payment_intent.succeeded",
    ]);
  });

  it.each([
    ["4000000000000002", "generic_decline", "Your card was declined."],
    ["4000000000009995", "insufficient_funds", "Your card has insufficient funds."],
  ])("declines %s with %s in last_payment_error, and can be paid again", async (number, declineCode, message) => {
    const stripe = bed.harness.stripe;
    const buyer = await customer();
    const intent = await stripe.paymentIntents.create({ amount: 900, currency: "usd", customer: buyer.id });
    const failing = await cardPaymentMethod(number);
    const error = await stripe.paymentIntents
      .confirm(intent.id, { payment_method: failing.id })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ statusCode: 402, code: "card_declined", decline_code: declineCode, message });
    const failed = await stripe.paymentIntents.retrieve(intent.id);
    expect(failed.status).toBe("requires_payment_method");
    expect(failed.last_payment_error).toMatchObject({
      type: "card_error",
      code: "card_declined",
      decline_code: declineCode,
      message,
    });
    const failedCharge = await stripe.charges.retrieve(String(failed.latest_charge));
    expect(failedCharge).toMatchObject({ status: "failed", paid: false, failure_code: "card_declined" });

    const paid = await stripe.paymentIntents.confirm(intent.id, { payment_method: "pm_card_visa" });
    expect(paid.status).toBe("succeeded");
    expect(paid.last_payment_error).toBeNull();
    const events = await bed.eventsSince(0);
    expect(events.map((event) => event.type)).toEqual([
      "customer.created",
      "payment_intent.created",
      "charge.failed",
      "payment_intent.payment_failed",
      "charge.succeeded",
      "payment_intent.succeeded",
    ]);
  });

  it("asks 3155 to authenticate, then approves or fails at the authentication page", async () => {
    const stripe = bed.harness.stripe;
    const buyer = await customer();
    for (const action of ["complete", "fail"] as const) {
      const intent = await stripe.paymentIntents.create({ amount: 900, currency: "usd", customer: buyer.id });
      const card = await cardPaymentMethod("4000002500003155");
      const waiting = await stripe.paymentIntents.confirm(intent.id, {
        payment_method: card.id,
        return_url: "http://127.0.0.1:9/return",
      });
      expect(waiting.status).toBe("requires_action");
      expect(waiting.next_action).toMatchObject({
        type: "redirect_to_url",
        redirect_to_url: { return_url: "http://127.0.0.1:9/return" },
      });
      const page = waiting.next_action?.redirect_to_url?.url ?? "";
      expect(await (await fetch(page)).text()).toContain("Complete authentication");
      const answer = await submitForm(page, { action });
      expect(answer.status).toBe(303);
      const returned = new URL(answer.headers.get("location") ?? "");
      expect(returned.origin + returned.pathname).toBe("http://127.0.0.1:9/return");
      expect(returned.searchParams.get("payment_intent")).toBe(intent.id);
      expect(returned.searchParams.get("redirect_status")).toBe(action === "complete" ? "succeeded" : "failed");
      const after = await stripe.paymentIntents.retrieve(intent.id);
      if (action === "complete") {
        expect(after.status).toBe("succeeded");
      } else {
        expect(after.status).toBe("requires_payment_method");
        expect(after.last_payment_error?.code).toBe("payment_intent_authentication_failure");
      }
    }
    const types = (await bed.eventsSince(0)).map((event) => event.type);
    expect(types).toEqual([
      "customer.created",
      "payment_intent.created",
      "payment_intent.requires_action",
      "charge.succeeded",
      "payment_intent.succeeded",
      "payment_intent.created",
      "payment_intent.requires_action",
      "payment_intent.payment_failed",
    ]);
  });

  it("cancels, refuses amounts below the minimum and raw card numbers from a server", async () => {
    const stripe = bed.harness.stripe;
    const intent = await stripe.paymentIntents.create({ amount: 900, currency: "usd" });
    const canceled = await stripe.paymentIntents.cancel(intent.id, { cancellation_reason: "abandoned" });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "abandoned" });
    expect(canceled.canceled_at).toBe(bed.harness.emulator.now());
    await expect(stripe.paymentIntents.create({ amount: 10, currency: "usd" })).rejects.toMatchObject({
      code: "amount_too_small",
    });
    await expect(
      stripe.paymentMethods.create({
        type: "card",
        card: { number: "4242424242424242", exp_month: 1, exp_year: 2034, cvc: "1" },
      }),
    ).rejects.toMatchObject({ param: "card[number]" });
    expect((await bed.eventsSince(0)).map((event) => event.type)).toEqual([
      "payment_intent.created",
      "payment_intent.canceled",
    ]);
  });
});

describe("setup intents", () => {
  it("saves a card to the customer off-session, and reports a declining card", async () => {
    const stripe = bed.harness.stripe;
    const buyer = await customer();
    const setup = await stripe.setupIntents.create({
      customer: buyer.id,
      usage: "off_session",
      automatic_payment_methods: { enabled: true },
    });
    expect(setup).toMatchObject({ status: "requires_payment_method", usage: "off_session", customer: buyer.id });
    const browser = browserStripe();
    const declining = await cardPaymentMethod("4000000000000002");
    await expect(
      browser.setupIntents.confirm(setup.id, {
        client_secret: setup.client_secret ?? "",
        payment_method: declining.id,
      } as Stripe.SetupIntentConfirmParams),
    ).rejects.toMatchObject({ code: "card_declined", decline_code: "generic_decline" });
    expect((await stripe.setupIntents.retrieve(setup.id)).last_setup_error?.code).toBe("card_declined");

    const card = await cardPaymentMethod("4242424242424242");
    const saved = await browser.setupIntents.confirm(setup.id, {
      client_secret: setup.client_secret ?? "",
      payment_method: card.id,
    } as Stripe.SetupIntentConfirmParams);
    expect(saved).toMatchObject({ status: "succeeded", payment_method: card.id });
    expect((await stripe.paymentMethods.retrieve(card.id)).customer).toBe(buyer.id);
    expect((await stripe.setupIntents.list({ customer: buyer.id })).data.map((each) => each.id)).toEqual([setup.id]);
    expect((await bed.eventsSince(0)).map((event) => event.type)).toEqual([
      "customer.created",
      "setup_intent.created",
      "setup_intent.setup_failed",
      "payment_method.attached",
      "setup_intent.succeeded",
    ]);
  });
});

describe("embedded checkout sessions", () => {
  it("creates embedded_page sessions with a client secret and refuses what Stripe refuses", async () => {
    const stripe = bed.harness.stripe;
    const product = await stripe.products.create({ name: "Pro" });
    const price = await stripe.prices.create({
      product: product.id,
      currency: "usd",
      unit_amount: 2000,
      recurring: { interval: "month" },
    });
    const base = { mode: "subscription" as const, line_items: [{ price: price.id, quantity: 1 }] };
    const session = await stripe.checkout.sessions.create({
      ...base,
      ui_mode: "embedded_page",
      return_url: "http://127.0.0.1:9/checkout/return?session_id={CHECKOUT_SESSION_ID}",
    });
    expect(session).toMatchObject({
      ui_mode: "embedded_page",
      url: null,
      success_url: null,
      redirect_on_completion: "always",
      return_url: "http://127.0.0.1:9/checkout/return?session_id={CHECKOUT_SESSION_ID}",
    });
    expect(session.client_secret).toMatch(new RegExp(`^${session.id}_secret_`));
    const never = await stripe.checkout.sessions.create({
      ...base,
      ui_mode: "embedded_page",
      redirect_on_completion: "never",
    });
    expect(never.redirect_on_completion).toBe("never");
    const hosted = await stripe.checkout.sessions.create({ ...base, success_url: "http://127.0.0.1:9/ok" });
    expect(hosted).toMatchObject({ ui_mode: "hosted_page", client_secret: null });
    expect(hosted).not.toHaveProperty("return_url");

    await expect(
      stripe.checkout.sessions.create({
        ...base,
        ui_mode: "embedded_page",
        success_url: "http://127.0.0.1:9/ok",
        return_url: "http://127.0.0.1:9/r",
      }),
    ).rejects.toMatchObject({ param: "success_url" });
    await expect(stripe.checkout.sessions.create({ ...base, ui_mode: "embedded_page" })).rejects.toMatchObject({
      param: "return_url",
    });
    await expect(
      stripe.checkout.sessions.create({
        ...base,
        success_url: "http://127.0.0.1:9/ok",
        return_url: "http://127.0.0.1:9/r",
      }),
    ).rejects.toMatchObject({ param: "return_url" });
    await expect(
      stripe.checkout.sessions.create({
        ...base,
        ui_mode: "hosted" as "hosted_page",
        success_url: "http://127.0.0.1:9/ok",
      }),
    ).rejects.toMatchObject({ param: "ui_mode" });
    await expect(
      stripe.checkout.sessions.create({
        ...base,
        success_url: "http://127.0.0.1:9/ok",
        payment_method_types: ["card"],
      } as Stripe.Checkout.SessionCreateParams),
    ).rejects.toMatchObject({ code: "parameter_unknown", param: "payment_method_types" });
  });
});

describe("invoice payments", () => {
  it("links a paid invoice to its PaymentIntent and charge through an InvoicePayment", async () => {
    const stripe = bed.harness.stripe;
    const buyer = await customer();
    const product = await stripe.products.create({ name: "Pro" });
    const price = await stripe.prices.create({
      product: product.id,
      currency: "usd",
      unit_amount: 2000,
      recurring: { interval: "month" },
    });
    await stripe.paymentMethods
      .attach("pm_card_visa", { customer: buyer.id })
      .then((card) => stripe.customers.update(buyer.id, { invoice_settings: { default_payment_method: card.id } }));
    const subscription = await stripe.subscriptions.create({ customer: buyer.id, items: [{ price: price.id }] });
    const invoice = await stripe.invoices.retrieve(String(subscription.latest_invoice), { expand: ["payments"] });
    expect(invoice).not.toHaveProperty("subscription");
    expect(invoice).not.toHaveProperty("charge");
    expect(invoice).not.toHaveProperty("payment_intent");
    const payment = invoice.payments?.data[0];
    expect(payment).toMatchObject({ status: "paid", amount_paid: 2000, is_default: true, invoice: invoice.id });
    const listed = await stripe.invoicePayments.list({ invoice: invoice.id, expand: ["data.payment.payment_intent"] });
    const intent = listed.data[0]?.payment.payment_intent as Stripe.PaymentIntent;
    expect(intent).toMatchObject({ status: "succeeded", amount: 2000, customer: buyer.id });
    expect((await stripe.charges.retrieve(String(intent.latest_charge))).amount).toBe(2000);
  });
});

describe("fidelity", () => {
  it("returns only what API version 2026-10-28.endive declares, in every answer of this file", () => {
    expect(answers.length).toBeGreaterThan(30);
    expect(answers.flatMap((body) => sdkShapes().checkResponse(JSON.parse(body)))).toEqual([]);
  });
});

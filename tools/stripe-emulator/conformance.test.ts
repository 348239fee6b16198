import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arrayOf, oneOf, str } from "./params";
import { PARAMETER_SPECS } from "./parameter-specs";
import { sdkShapes } from "./sdk-shapes";
import { createPlan, expectFixtureShape, startHarness, subscribe, type Harness, pageText } from "./test-helpers";

/** Drives the emulator only through the official SDK and checks every object against Stripe's fixtures. */
let harness: Harness;
let stripe: Stripe;
/** Every successful API answer of this file, held to the SDK's types at the end. */
const answers: { method: string; path: string; body: string }[] = [];

beforeAll(async () => {
  harness = await startHarness({
    onApiResponse: (answer) => {
      if (answer.status === 200) answers.push(answer);
    },
  });
  stripe = harness.stripe;
});

afterAll(async () => {
  await harness.emulator.stop();
});

function unique(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

describe("customers", () => {
  it("creates, retrieves, updates, lists by email, searches by metadata and deletes", async () => {
    const email = `${unique("ada")}@example.com`;
    const userId = unique("user");
    const created = await stripe.customers.create({ email, name: "Ada", metadata: { userId } });
    expectFixtureShape(created, "customer");
    expect(created.id).toMatch(/^cus_/);
    expect(created.livemode).toBe(false);
    expect(created.created).toBeGreaterThan(1_600_000_000);
    expect(created.created).toBeLessThan(Date.now() / 1000 + 5);

    const retrieved = await stripe.customers.retrieve(created.id);
    expect(retrieved).toEqual(created);

    const updated = await stripe.customers.update(created.id, { name: "Ada L.", metadata: { plan: "pro" } });
    expectFixtureShape(updated, "customer");
    expect(updated.name).toBe("Ada L.");
    expect(updated.metadata).toEqual({ userId, plan: "pro" });
    const unset = await stripe.customers.update(created.id, { metadata: { plan: "" } });
    expect(unset.metadata).toEqual({ userId });

    const listed = await stripe.customers.list({ email });
    expect(listed.object).toBe("list");
    expect(listed.url).toBe("/v1/customers");
    expect(listed.data.map((customer) => customer.id)).toEqual([created.id]);

    const found = await stripe.customers.search({ query: `metadata['userId']:'${userId}'` });
    expect(found.object).toBe("search_result");
    expect(found.data.map((customer) => customer.id)).toEqual([created.id]);
    const none = await stripe.customers.search({ query: `metadata['userId']:'${unique("nobody")}'` });
    expect(none.data).toEqual([]);

    const deleted = await stripe.customers.del(created.id);
    expectFixtureShape(deleted, "deleted_customer");
    expect(deleted).toEqual({ id: created.id, object: "customer", deleted: true });
    const afterDelete = await stripe.customers.retrieve(created.id);
    expect(afterDelete.deleted).toBe(true);
  });

  it("paginates newest first with starting_after and ending_before", async () => {
    const email = `${unique("page")}@example.com`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await stripe.customers.create({ email })).id);
    const newestFirst = [...ids].reverse();

    const first = await stripe.customers.list({ email, limit: 2 });
    expect(first.data.map((customer) => customer.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.has_more).toBe(true);
    const second = await stripe.customers.list({ email, limit: 2, starting_after: first.data[1]?.id ?? "" });
    expect(second.data.map((customer) => customer.id)).toEqual(newestFirst.slice(2, 4));
    const last = await stripe.customers.list({ email, limit: 2, starting_after: second.data[1]?.id ?? "" });
    expect(last.data.map((customer) => customer.id)).toEqual(newestFirst.slice(4));
    expect(last.has_more).toBe(false);
    const back = await stripe.customers.list({ email, limit: 2, ending_before: last.data[0]?.id ?? "" });
    expect(back.data.map((customer) => customer.id)).toEqual(newestFirst.slice(2, 4));

    const all = await stripe.customers.list({ email, limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(all.map((customer) => customer.id)).toEqual(newestFirst);
  });
});

describe("products and prices", () => {
  it("creates, updates and lists with lookup keys, filters and expansion", async () => {
    const { product, monthly, yearly } = await createPlan(stripe, unique("Plan"));
    expectFixtureShape(product, "product");
    expectFixtureShape(monthly, "price");
    expect(product.id).toMatch(/^prod_/);
    expect(monthly.id).toMatch(/^price_/);
    expect(monthly.recurring).toMatchObject({ interval: "month", interval_count: 1 });
    expect(String(monthly.unit_amount_decimal)).toBe("2000");

    const renamed = await stripe.products.update(product.id, { name: "Renamed", metadata: { tier: "pro" } });
    expectFixtureShape(renamed, "product");
    expect(renamed.name).toBe("Renamed");
    expect((await stripe.products.retrieve(product.id)).metadata).toEqual({ tier: "pro" });

    const lookupKey = unique("pro_monthly");
    const keyed = await stripe.prices.update(monthly.id, { lookup_key: lookupKey });
    expect(keyed.lookup_key).toBe(lookupKey);
    await expect(stripe.prices.update(yearly.id, { lookup_key: lookupKey })).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      param: "lookup_key",
    });
    const replacement = await stripe.prices.create({
      product: product.id,
      currency: "usd",
      unit_amount: 2500,
      recurring: { interval: "month" },
      lookup_key: lookupKey,
      transfer_lookup_key: true,
    });
    expect((await stripe.prices.retrieve(monthly.id)).lookup_key).toBeNull();

    const byKey = await stripe.prices.list({ lookup_keys: [lookupKey], expand: ["data.product"] });
    expect(byKey.data.map((price) => price.id)).toEqual([replacement.id]);
    const expandedProduct = byKey.data[0]?.product;
    expect(typeof expandedProduct).toBe("object");
    expectFixtureShape(expandedProduct as Stripe.Product, "product");

    const archived = await stripe.prices.update(monthly.id, { active: false });
    expectFixtureShape(archived, "price");
    expect(archived.active).toBe(false);
    const active = await stripe.prices.list({ product: product.id, active: true });
    expect(active.data.map((price) => price.id).sort()).toEqual([replacement.id, yearly.id].sort());
    const all = await stripe.prices.list({ product: product.id });
    expect(all.data).toHaveLength(3);
  });
});

describe("checkout sessions", () => {
  it("creates subscription-mode sessions with every option, retrieves with expand and lists line items", async () => {
    const { monthly } = await createPlan(stripe, unique("Checkout"));
    const customer = await stripe.customers.create({ email: `${unique("cs")}@example.com` });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: monthly.id, quantity: 1 }],
      client_reference_id: "user_123",
      metadata: { userId: "user_123" },
      subscription_data: { trial_period_days: 7, metadata: { userId: "user_123" } },
      allow_promotion_codes: true,
      success_url: "https://app.example/billing/success?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "https://app.example/pricing",
    });
    expectFixtureShape(session, "checkout.session");
    expect(session.id).toMatch(/^cs_test_/);
    expect(session).toMatchObject({
      status: "open",
      payment_status: "unpaid",
      mode: "subscription",
      customer: customer.id,
    });
    expect(session.url).toContain(`/c/pay/${session.id}`);
    expect(session.expires_at).toBeGreaterThan(session.created);

    const retrieved = await stripe.checkout.sessions.retrieve(session.id, { expand: ["line_items", "customer"] });
    expect(retrieved.line_items?.data).toHaveLength(1);
    expect((retrieved.customer as Stripe.Customer).email).toBe(customer.email);

    const lineItems = await stripe.checkout.sessions.listLineItems(session.id, { expand: ["data.price.product"] });
    expect(lineItems.data).toHaveLength(1);
    const item = lineItems.data[0];
    if (!item) throw new Error("no line item");
    expectFixtureShape(item, "item");
    expect(item.price?.id).toBe(monthly.id);
    expect(typeof item.price?.product).toBe("object");

    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe("expired");
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
  });

  it("creates payment-mode sessions and rejects recurring prices in them", async () => {
    const product = await stripe.products.create({ name: unique("Credits") });
    const oneOff = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 900 });
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: oneOff.id, quantity: 3 }],
      customer_email: "payer@example.com",
      success_url: "https://app.example/done",
    });
    expectFixtureShape(session, "checkout.session");
    expect(session.amount_total).toBe(2700);
    const { monthly } = await createPlan(stripe, unique("Recurring"));
    await expect(
      stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [{ price: monthly.id }],
        success_url: "https://app.example/done",
      }),
    ).rejects.toMatchObject({ type: "StripeInvalidRequestError" });
  });
});

describe("subscriptions and invoices", () => {
  it("retrieves, lists, changes price with prorations, previews, cancels at period end and cancels", async () => {
    const { product, monthly, yearly } = await createPlan(stripe, unique("Sub"));
    const team = await stripe.prices.create({
      product: product.id,
      currency: "usd",
      unit_amount: 5000,
      recurring: { interval: "month" },
    });
    const { subscription } = await subscribe(stripe, monthly, { email: `${unique("sub")}@example.com` });
    expectFixtureShape(subscription, "subscription");
    const item = subscription.items.data[0];
    if (!item) throw new Error("no item");
    expectFixtureShape(item, "subscription_item");
    expect(subscription.status).toBe("active");
    expect(item.current_period_end).toBeGreaterThan(item.current_period_start);
    expect(subscription).not.toHaveProperty("current_period_end");
    const customerId = subscription.customer as string;

    const listed = await stripe.subscriptions.list({ customer: customerId });
    expect(listed.data.map((each) => each.id)).toEqual([subscription.id]);

    const invoices = await stripe.invoices.list({ customer: customerId });
    expect(invoices.data).toHaveLength(1);
    const invoice = invoices.data[0];
    if (!invoice) throw new Error("no invoice");
    expectFixtureShape(invoice, "invoice");
    expectFixtureShape(invoice.lines.data[0] ?? {}, "line_item");
    expect(invoice).toMatchObject({
      status: "paid",
      billing_reason: "subscription_create",
      amount_paid: monthly.unit_amount,
    });
    expect(invoice.parent?.subscription_details?.subscription).toBe(subscription.id);
    expect(await stripe.invoices.retrieve(invoice.id)).toEqual(invoice);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data.map((each) => each.id)).toEqual([
      invoice.id,
    ]);

    const preview = await stripe.invoices.createPreview({
      customer: customerId,
      subscription: subscription.id,
      subscription_details: { items: [{ id: item.id, price: team.id }], proration_behavior: "always_invoice" },
    });
    expectFixtureShape(preview, "invoice");
    const prorations = preview.lines.data.map((line) => line.amount);
    expect(prorations).toHaveLength(2);
    expect(prorations[0]).toBeLessThan(0);
    expect(prorations[1]).toBeGreaterThan(0);
    expect(preview.amount_due).toBe(Math.max(0, (prorations[0] ?? 0) + (prorations[1] ?? 0)));

    const upgraded = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: item.id, price: team.id }],
      proration_behavior: "always_invoice",
      metadata: { seats: "5" },
    });
    expect(upgraded.items.data[0]?.price.id).toBe(team.id);
    expect(upgraded.metadata).toEqual({ seats: "5" });
    const afterUpgrade = await stripe.invoices.list({ subscription: subscription.id });
    expect(afterUpgrade.data).toHaveLength(2);
    expect(afterUpgrade.data[0]).toMatchObject({
      billing_reason: "subscription_update",
      status: "paid",
      amount_paid: preview.amount_due,
    });

    const yearlyPreview = await stripe.invoices.createPreview({
      subscription: subscription.id,
      subscription_details: { items: [{ id: item.id, price: yearly.id }], proration_behavior: "create_prorations" },
    });
    expect(yearlyPreview.lines.data.some((line) => line.amount === yearly.unit_amount)).toBe(true);

    const canceling = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect(canceling.cancel_at_period_end).toBe(true);
    expect(canceling.cancel_at).toBe(canceling.items.data[0]?.current_period_end);
    const renewed = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false });
    expect(renewed.cancel_at).toBeNull();

    const canceled = await stripe.subscriptions.cancel(subscription.id);
    expect(canceled.status).toBe("canceled");
    expect(canceled.ended_at).not.toBeNull();
    expect((await stripe.subscriptions.list({ customer: customerId })).data).toEqual([]);
    expect(
      (await stripe.subscriptions.list({ customer: customerId, status: "all" })).data.map((each) => each.id),
    ).toEqual([subscription.id]);
    expect((await stripe.subscriptions.list({ customer: customerId, status: "canceled" })).data).toHaveLength(1);
  });

  it("creates subscriptions directly, incomplete when the first charge fails", async () => {
    const { monthly } = await createPlan(stripe, unique("Direct"));
    const customer = await stripe.customers.create({ email: `${unique("direct")}@example.com` });
    const visa = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const active = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      default_payment_method: visa.id,
      expand: ["latest_invoice"],
    });
    expectFixtureShape(active, "subscription");
    expect(active.status).toBe("active");
    expect(active.latest_invoice).toMatchObject({ status: "paid", billing_reason: "subscription_create" });

    const failing = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
    await expect(
      stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: monthly.id }],
        default_payment_method: failing.id,
        payment_behavior: "error_if_incomplete",
      }),
    ).rejects.toMatchObject({ statusCode: 402, code: "card_declined" });
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data).toHaveLength(1);

    const incomplete = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      default_payment_method: failing.id,
    });
    expect(incomplete.status).toBe("incomplete");
    const open = await stripe.invoices.retrieve(incomplete.latest_invoice as string);
    expect(open.status).toBe("open");
    await stripe.invoices.pay(open.id, { payment_method: visa.id });
    expect((await stripe.subscriptions.retrieve(incomplete.id)).status).toBe("active");
  });

  it("expands a subscription's latest invoice and customer", async () => {
    const { monthly } = await createPlan(stripe, unique("Expand"));
    const { subscription } = await subscribe(stripe, monthly);
    const expanded = await stripe.subscriptions.retrieve(subscription.id, {
      expand: ["latest_invoice", "customer", "items.data.price.product"],
    });
    expectFixtureShape(expanded.latest_invoice as Stripe.Invoice, "invoice");
    expectFixtureShape(expanded.customer as Stripe.Customer, "customer");
    expectFixtureShape(expanded.items.data[0]?.price.product as Stripe.Product, "product");
    await expect(stripe.subscriptions.retrieve(subscription.id, { expand: ["status"] })).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      message: "This property cannot be expanded (status).",
    });
  });
});

describe("billing portal", () => {
  it("creates, lists and updates configurations and creates sessions", async () => {
    const { product, monthly, yearly } = await createPlan(stripe, unique("Portal"));
    const configuration = await stripe.billingPortal.configurations.create({
      business_profile: { headline: "Tollgate" },
      features: {
        invoice_history: { enabled: true },
        payment_method_update: { enabled: true },
        subscription_cancel: { enabled: true, mode: "at_period_end" },
        subscription_update: {
          enabled: true,
          default_allowed_updates: ["price"],
          proration_behavior: "create_prorations",
          products: [{ product: product.id, prices: [monthly.id, yearly.id] }],
        },
      },
    });
    expectFixtureShape(configuration, "billing_portal.configuration");
    expect(configuration.id).toMatch(/^bpc_/);
    expect(configuration.features.subscription_update.products?.[0]?.prices).toEqual([monthly.id, yearly.id]);

    const updated = await stripe.billingPortal.configurations.update(configuration.id, {
      default_return_url: "https://app.example/account",
    });
    expect(updated.default_return_url).toBe("https://app.example/account");
    const listed = await stripe.billingPortal.configurations.list({ limit: 100 });
    expect(listed.data.map((each) => each.id)).toContain(configuration.id);

    const customer = await stripe.customers.create({ email: `${unique("portal")}@example.com` });
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: "https://app.example/account",
      configuration: configuration.id,
    });
    expectFixtureShape(session, "billing_portal.session");
    expect(session.id).toMatch(/^bps_/);
    expect(session.url).toContain(`/p/session/${session.id}`);
    const page = await fetch(session.url);
    expect(page.status).toBe(200);
    expect(await pageText(page)).toContain("https://app.example/account");
  });
});

describe("events and payment methods", () => {
  it("retrieves and lists events with the SDK's API version", async () => {
    const customer = await stripe.customers.create({ email: `${unique("evt")}@example.com` });
    const events = await stripe.events.list({ type: "customer.created", limit: 100 });
    const event = events.data.find((each) => (each.data.object as Stripe.Customer).id === customer.id);
    if (!event) throw new Error("no customer.created event");
    expectFixtureShape(event, "event");
    expect(event.id).toMatch(/^evt_/);
    expect(event.api_version).toBe("2026-10-28.endive");
    expect(event.request?.id).toMatch(/^req_/);
    expect(await stripe.events.retrieve(event.id)).toEqual(event);
  });

  it("attaches test payment methods and answers declines with 402 card errors", async () => {
    const customer = await stripe.customers.create({ email: `${unique("pm")}@example.com` });
    const visa = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    expectFixtureShape(visa, "payment_method");
    expect(visa).toMatchObject({ customer: customer.id, card: { last4: "4242", brand: "visa" } });
    const declined = stripe.paymentMethods.attach("pm_card_chargeDeclined", { customer: customer.id });
    await expect(declined).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
    await expect(declined).rejects.toMatchObject({
      statusCode: 402,
      code: "card_declined",
      decline_code: "generic_decline",
      message: "Your card was declined.",
    });
  });
});

describe("errors and idempotency", () => {
  it("answers unknown ids with 404 resource_missing", async () => {
    const missing = stripe.customers.retrieve("cus_doesnotexist");
    await expect(missing).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await expect(missing).rejects.toMatchObject({ statusCode: 404, code: "resource_missing", param: "id" });
  });

  it("rejects unknown parameters with parameter_unknown, nested ones named in full", async () => {
    const unknown = stripe.customers.create({ emial: "typo@example.com" } as Stripe.CustomerCreateParams);
    await expect(unknown).rejects.toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "emial" });
    const { monthly } = await createPlan(stripe, unique("Unknown"));
    const nested = stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: monthly.id, colour: "red" } as Stripe.Checkout.SessionCreateParams.LineItem],
    });
    await expect(nested).rejects.toMatchObject({ code: "parameter_unknown", param: "line_items[0][colour]" });
    const relative = stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: monthly.id }],
      success_url: "/billing",
    });
    await expect(relative).rejects.toMatchObject({ statusCode: 400, code: "url_invalid", param: "success_url" });
  });

  it("rejects missing required parameters and requests without an API key", async () => {
    await expect(
      stripe.prices.create({ currency: "usd", unit_amount: 100 } as Stripe.PriceCreateParams),
    ).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      param: "product",
    });
    const response = await fetch(`${harness.emulator.url}/v1/customers`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
  });

  it("replays a request with the same idempotency key and rejects the key with other parameters", async () => {
    const key = unique("idem");
    const email = `${unique("idem")}@example.com`;
    const first = await stripe.customers.create({ email }, { idempotencyKey: key });
    const replay = await stripe.customers.create({ email }, { idempotencyKey: key });
    expect(replay.id).toBe(first.id);
    expect(replay.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect((await stripe.customers.list({ email })).data).toHaveLength(1);

    const conflict = stripe.customers.create({ email: "other@example.com" }, { idempotencyKey: key });
    await expect(conflict).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    await expect(conflict).rejects.toMatchObject({ statusCode: 400, type: "StripeIdempotencyError" });
  });
});

describe("fidelity to the SDK types of API version 2026-10-28.endive", () => {
  it("returns no field the API version lacks and every field it requires, in every answer above", () => {
    expect(answers.length).toBeGreaterThan(50);
    const problems = answers.flatMap(({ method, path, body }) =>
      sdkShapes()
        .checkResponse(JSON.parse(body))
        .map((problem) => `${method} ${path} ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  it("catches a field the API version moved", () => {
    const answer = answers.find(({ method, path }) => method === "GET" && /^\/v1\/invoices\/in_/.test(path));
    const invoice = JSON.parse(answer?.body ?? "{}") as object;
    expect(sdkShapes().checkResponse({ ...invoice, subscription: "sub_123" })).toEqual([
      "$.subscription: not a field of Invoice in this API version",
    ]);
  });

  it.each(Object.entries(PARAMETER_SPECS))(
    "accepts only the parameters the SDK declares: %s",
    (name, { spec, sdkType }) => {
      expect(sdkShapes().checkParams(spec, sdkType), name).toEqual([]);
    },
  );

  it("catches a parameter or value the API version removed", () => {
    expect(
      sdkShapes().checkParams(
        { payment_method_types: arrayOf(str), ui_mode: oneOf("hosted") },
        "Stripe.Checkout.SessionCreateParams",
      ),
    ).toEqual([
      "payment_method_types: not a parameter of SessionCreateParams in this API version",
      'ui_mode: "hosted" is not one of elements, embedded_page, form, hosted_page',
    ]);
  });
});

// The built app when Stripe's webhooks never arrive: a premium page re-reads
// Stripe once a subscription's period is over, instead of granting access on
// a period that has ended, and the billing page re-reads it on the return
// from the Customer Portal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStripeClient } from "@/lib/billing/stripe";
import { migrate } from "@/lib/db-migrations";
import { startAppServer, type AppServer } from "./helpers/app-server";
import { createSignedInUser } from "./helpers/sessions";
import { createTestDatabase, testDatabaseKind, withClient, type TestDatabase } from "./helpers/test-database";

describe(`lost webhooks (production build, ${testDatabaseKind})`, () => {
  let app: AppServer;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    if (testDatabaseKind === "postgresql") {
      database = await createTestDatabase();
      await withClient(database.url, (client) => migrate(client));
    }
    // Sessions are made in the database directly: no email is ever sent.
    app = await startAppServer(
      {
        AUTH_SECRET: "test-secret-test-secret-test-secret-42",
        EMAIL_SERVER: "smtp://127.0.0.1:9",
        EMAIL_FROM: "Tollgate <no-reply@example.com>",
      },
      database?.url,
    );
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  const sql = <Row>(text: string, values: unknown[] = []) =>
    withClient(app.databaseUrl, async (client) => (await client.query(text, values)).rows as Row[]);

  const subscribeInStripe = async (email: string) => {
    const stripe = createStripeClient({ emulatorUrl: app.stripeEmulatorUrl });
    const customer = await stripe.customers.create({ email });
    const user = await createSignedInUser(app.databaseUrl, { email, stripeCustomerId: customer.id });
    const [price] = (await stripe.prices.list({ lookup_keys: ["tollgate_pro_monthly"] })).data;
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price!.id }],
      default_payment_method: (await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id })).id,
    });
    const page = async (path: string) =>
      (await fetch(`${app.url}${path}`, { headers: { cookie: user.cookie } }))
        .text()
        .then((html) => html.replaceAll("<!-- -->", ""));
    return { stripe, user, subscription, page };
  };
  const loseWebhooks = () =>
    fetch(`${app.stripeEmulatorUrl}/_emulator/webhook-endpoint`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: null }),
    });

  it("a page past the period end re-reads Stripe and ends access the lost webhook would have ended", async () => {
    const { stripe, user, subscription, page } = await subscribeInStripe("lost@example.com");

    // The creation's webhook arrives and grants Pro.
    await expect
      .poll(() => sql(`SELECT "tier" FROM "User" WHERE "id" = $1`, [user.id]), { timeout: 20_000 })
      .toEqual([{ tier: "pro" }]);
    expect(await page("/dashboard/pro")).not.toContain("Reports is part of Pro");

    // Then webhooks are lost: Stripe cancels, and our copy still says active.
    await loseWebhooks();
    await stripe.subscriptions.cancel(subscription.id);
    expect(await page("/dashboard/pro")).not.toContain("Reports is part of Pro");

    // Time passes: the stored period ended two hours ago, last synced a day ago.
    await sql(
      `UPDATE "Subscription" SET "currentPeriodEnd" = now() - interval '2 hours', "updatedAt" = now() - interval '1 day' WHERE "id" = $1`,
      [subscription.id],
    );
    expect(await page("/dashboard/pro")).toContain("Reports is part of Pro");
    expect(await sql(`SELECT "status" FROM "Subscription" WHERE "id" = $1`, [subscription.id])).toEqual([
      { status: "canceled" },
    ]);
    expect(await sql(`SELECT "tier" FROM "User" WHERE "id" = $1`, [user.id])).toEqual([{ tier: "free" }]);
  });

  it("the billing page re-reads Stripe on the return from the Customer Portal", async () => {
    await loseWebhooks();
    const { user, page } = await subscribeInStripe("portal-return@example.com");
    expect(await page("/account/billing")).toContain("Free plan");
    expect(await page("/account/billing/return")).toContain("Pro plan");
    expect(await sql(`SELECT "tier" FROM "User" WHERE "id" = $1`, [user.id])).toEqual([{ tier: "pro" }]);
  });
});

// A billing test bed: a migrated database, the Stripe emulator with the plan
// catalog set up, and helpers that act like a user (pay on the hosted page)
// and like Stripe (deliver signed events).
import type Stripe from "stripe";
import type { Operator } from "@/lib/admin/role-names";
import { syncCatalogToStripe } from "@/lib/billing/catalog-sync";
import { ensureCustomer, parsePlanChoice, startCheckout } from "@/lib/billing/checkout";
import { drainInbox } from "@/lib/billing/inbox";
import { createStripeClient } from "@/lib/billing/stripe";
import { handleStripeWebhook } from "@/lib/billing/webhooks";
import { createMailer, type Mailer } from "@/lib/email/mailer";
import { startStripeEmulator, type StripeEmulator } from "@/tools/stripe-emulator/server";
import { payCheckout } from "@/tools/stripe-emulator/test-helpers";
import { createMigratedDatabase } from "./prisma";

export const APP_URL = "https://app.example.com";
export const WEBHOOK_SECRET = "billing-suite-signing-secret";

export async function startBillingTestBed() {
  const [setup, emulator] = await Promise.all([
    createMigratedDatabase(),
    startStripeEmulator({ webhookSecret: WEBHOOK_SECRET, tickIntervalMs: 0 }),
  ]);
  const stripe = createStripeClient({ emulatorUrl: emulator.url });
  await syncCatalogToStripe(stripe);
  const deps = {
    db: setup.db,
    sql: setup.pool,
    stripe,
    appUrl: APP_URL,
    graceDays: 7,
    webhookSecret: WEBHOOK_SECRET,
    emailHashKey: "test-email-hash-key",
    // The development outbox: sent billing emails are rows of OutboxEmail.
    mailer: createMailer({ db: setup.db, production: false, log: () => {} }) as Mailer,
  };
  let users = 0;

  return {
    ...deps,
    emulator: emulator as StripeEmulator,
    async close() {
      await emulator.stop();
      await setup.close();
    },

    /** A user with the admin role, as the operator that requireRole("admin") would return. */
    async createAdmin(): Promise<Operator> {
      const admin = await this.createUser("admin");
      await setup.db.user.update({ where: { id: admin.id }, data: { role: "admin" } });
      return { id: admin.id, email: admin.email, name: null, stripeCustomerId: null, role: "admin" };
    },

    async createUser(prefix = "user") {
      users += 1;
      return setup.db.user.create({
        data: { email: `${prefix}-${users}-${Date.now()}@example.com` },
        select: { id: true, email: true },
      });
    },

    /** Checkout as the app starts it, paid on the emulator's hosted page. Returns the customer id. */
    async subscribe(
      user: { id: string; email: string },
      planId = "pro",
      interval = "month",
      cardNumber = "4242424242424242",
    ) {
      const result = await startCheckout(deps, user, parsePlanChoice(planId, interval));
      if (result.kind !== "checkout") throw new Error(`expected a checkout, got ${result.kind}`);
      const response = await payCheckout(result.url, { cardNumber, email: user.email });
      if (response.status !== 303) throw new Error(`checkout payment answered ${response.status}`);
      return ensureCustomer(setup.db, stripe, user);
    },

    /**
     * Gives the customer a card that fails when charged and moves the clock
     * `late` seconds past their subscription's renewal, which then fails.
     * Returns the renewal time (Unix seconds).
     */
    async failRenewal(customerId: string, late = 3600): Promise<number> {
      await fetch(`${emulator.url}/_emulator/customers/${customerId}/default-card`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ cardNumber: "4000000000000341" }),
      });
      const [subscription] = (await stripe.subscriptions.list({ customer: customerId })).data;
      const renewal = subscription!.items.data[0]!.current_period_end;
      emulator.advanceClock({ to: renewal + late });
      return renewal;
    },

    /** Every event the emulator emitted about this customer, oldest first. */
    async eventsFor(customerId: string): Promise<Stripe.Event[]> {
      const events: Stripe.Event[] = [];
      for await (const event of stripe.events.list({ limit: 100 })) {
        const object = event.data.object as { customer?: unknown; id?: string };
        if (object.customer === customerId || object.id === customerId) events.push(event);
      }
      return events.reverse();
    },

    /** Processes every due inbox event and sends the due emails, as the app's worker does. */
    drain(overrides: Partial<Parameters<typeof drainInbox>[0]> = {}, options: Parameters<typeof drainInbox>[1] = {}) {
      return drainInbox({ ...deps, ...overrides }, options);
    },

    /** Delivers `event` to the webhook handler (the acknowledge path), signed as Stripe signs it. */
    deliver(event: Stripe.Event | string, signing: { secret?: string; timestamp?: number; tamper?: boolean } = {}) {
      const payload = typeof event === "string" ? event : JSON.stringify(event);
      const header = stripe.webhooks.generateTestHeaderString({
        payload,
        secret: signing.secret ?? WEBHOOK_SECRET,
        timestamp: signing.timestamp ?? Math.floor(Date.now() / 1000),
      });
      return handleStripeWebhook(deps, signing.tamper ? payload.replace("customer", "Customer") : payload, header);
    },
  };
}

export type BillingTestBed = Awaited<ReturnType<typeof startBillingTestBed>>;

// What webhook processing does with each Stripe event type: the one place to
// register a handler (see EventHandler in inbox.ts). A type that is not here
// is acknowledged and not stored.
//
// Subscription and invoice events re-sync their customer from Stripe (one
// sync per customer per batch, however many events it has) and queue the
// billing emails they make due. To add a type, add an entry: `run` for work
// keyed by a Stripe object (fulfilling a payment intent), `syncsCustomer` to
// refresh the customer's subscriptions, `inSync` for writes that belong in
// the sync's transaction.
import "server-only";
import { emailOn } from "./billing-emails";
import type { EventHandler } from "./inbox";

export const eventHandlers: Readonly<Record<string, EventHandler>> = {
  "checkout.session.completed": { syncsCustomer: true },
  "customer.subscription.created": { syncsCustomer: true, inSync: emailOn("subscription-started") },
  "customer.subscription.updated": { syncsCustomer: true, inSync: emailOn("subscription-canceled") },
  "customer.subscription.deleted": { syncsCustomer: true, inSync: emailOn("subscription-ended") },
  "customer.subscription.paused": { syncsCustomer: true },
  "customer.subscription.resumed": { syncsCustomer: true },
  "customer.subscription.trial_will_end": { syncsCustomer: true, inSync: emailOn("trial-ending") },
  "invoice.paid": { syncsCustomer: true },
  "invoice.payment_failed": { syncsCustomer: true, inSync: emailOn("payment-failed") },
};

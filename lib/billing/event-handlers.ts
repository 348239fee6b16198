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
import { fulfilPurchase } from "@/lib/payments/fulfilment";
import { paymentIntentOf, syncPayment } from "@/lib/payments/payment-sync";
import { emailOn } from "./billing-emails";
import type { EventHandler, InboxDeps, InboxEvent } from "./inbox";

/** Re-reads the payment behind the event's charge or refund (the dashboard's refunds arrive this way). */
async function syncEventPayment(event: InboxEvent, deps: InboxDeps): Promise<void> {
  const paymentIntentId = paymentIntentOf(event.data.object);
  if (paymentIntentId) await syncPayment(deps, paymentIntentId, { actor: { kind: "stripe", eventId: event.id } });
}

const syncsPayment: EventHandler = { run: syncEventPayment };

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
  // One-time purchases: the same once-only fulfilment as the return page,
  // whichever comes first (a PaymentIntent that is not a catalog purchase is
  // left alone). A failed payment grants nothing and needs no record: the
  // purchase page shows Stripe's own status and message, and the billing page
  // lists fulfilled purchases only.
  // Then the payment is stored (an invoice's too) for the billing pages.
  "payment_intent.succeeded": {
    run: async (event, deps) => {
      if (!event.objectId) return;
      await fulfilPurchase(deps, event.objectId);
      await syncPayment(deps, event.objectId, { actor: { kind: "stripe", eventId: event.id } });
    },
  },
  // Refunds, ours or the dashboard's: the payment's refunded amount and
  // refunds are re-read, and a refunded purchase's unused credits taken back.
  "charge.refunded": syncsPayment,
  "refund.created": syncsPayment,
  "refund.updated": syncsPayment,
  "refund.failed": syncsPayment,
};

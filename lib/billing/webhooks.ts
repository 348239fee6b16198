// Verifies and applies Stripe webhooks. Every handled event funnels into
// syncCustomer(), so the event's payload is only used to know *which*
// customer to re-read, never as the state to store.
import "server-only";
import type Stripe from "stripe";
import { syncCustomer, type SyncDeps } from "./sync";

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export const HANDLED_EVENT_TYPES: ReadonlySet<string> = new Set([
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.paused",
  "customer.subscription.resumed",
  "customer.subscription.trial_will_end",
  "invoice.paid",
  "invoice.payment_failed",
]);

export type WebhookResult = { status: number; body: Record<string, unknown> };

export async function handleStripeWebhook(
  deps: SyncDeps & { webhookSecret: string },
  rawBody: string,
  signature: string | null,
): Promise<WebhookResult> {
  const event = verify(deps, rawBody, signature);
  if ("error" in event) return { status: 400, body: { error: event.error } };
  // Signed but not shaped like an event: retrying would never help.
  if (
    typeof event.id !== "string" ||
    typeof event.type !== "string" ||
    typeof event.data?.object !== "object" ||
    event.data.object === null
  ) {
    return { status: 400, body: { error: "Not a Stripe event: id, type and data.object are required" } };
  }

  if (!HANDLED_EVENT_TYPES.has(event.type)) return { status: 200, body: { received: true, ignored: event.type } };
  const customerId = customerOf(event.data.object);
  if (!customerId) return { status: 200, body: { received: true, ignored: "no customer" } };

  const outcome = await syncCustomer(deps, customerId, { event: { id: event.id, type: event.type } });
  return { status: 200, body: { received: true, outcome: outcome.kind } };
}

function verify(
  deps: SyncDeps & { webhookSecret: string },
  rawBody: string,
  signature: string | null,
): Stripe.Event | { error: string } {
  if (!signature) return { error: "Missing Stripe-Signature header" };
  // The SDK rejects old timestamps; a timestamp from the future is as suspect.
  const timestamp = Number(/(?:^|,)t=(\d+)/.exec(signature)?.[1]);
  const nowSeconds = Math.floor((deps.now?.() ?? new Date()).getTime() / 1000);
  if (Number.isFinite(timestamp) && timestamp > nowSeconds + SIGNATURE_TOLERANCE_SECONDS) {
    return { error: "Signature timestamp is in the future" };
  }
  try {
    return deps.stripe.webhooks.constructEvent(rawBody, signature, deps.webhookSecret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (error) {
    return { error: error instanceof Error ? error.message : "Invalid signature" };
  }
}

function customerOf(object: Stripe.Event.Data.Object): string | null {
  if (!("customer" in object)) return null;
  const customer = object.customer as string | { id: string } | null | undefined;
  if (!customer) return null;
  return typeof customer === "string" ? customer : customer.id;
}

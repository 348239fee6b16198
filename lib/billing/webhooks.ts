// The webhook acknowledge path: verify the signature, check the shape, record
// the event in the inbox (one statement) and answer. Processing happens after
// the response (inbox.ts); nothing here calls Stripe.
import "server-only";
import type Stripe from "stripe";
import { eventHandlers } from "./event-handlers";
import { recordEvent, type Sql } from "./inbox";

export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** Every event type processing does something with. */
export const HANDLED_EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(eventHandlers));

export type WebhookDeps = { stripe: Stripe; sql: Sql; webhookSecret: string; now?: () => Date };
export type WebhookResult = { status: number; body: Record<string, unknown> };

export async function handleStripeWebhook(
  deps: WebhookDeps,
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
  const outcome = await recordEvent(deps.sql, event);
  if (outcome === "ignored") return { status: 200, body: { received: true, ignored: event.type } };
  return { status: 200, body: { received: true, outcome } };
}

function verify(deps: WebhookDeps, rawBody: string, signature: string | null): Stripe.Event | { error: string } {
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

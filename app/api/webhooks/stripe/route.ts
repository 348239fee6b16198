import { billingDeps } from "@/lib/billing/app-deps";
import { webhookSecret } from "@/lib/billing/stripe";
import { handleStripeWebhook } from "@/lib/billing/webhooks";

// Stripe's payloads are far below this; anything larger is not from Stripe.
const MAX_BODY_BYTES = 512 * 1024;

export async function POST(request: Request): Promise<Response> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) return Response.json({ error: "Payload too large" }, { status: 413 });
  // The signature covers the exact bytes: read the raw text, never parsed JSON.
  const rawBody = await request.text();
  if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES)
    return Response.json({ error: "Payload too large" }, { status: 413 });
  try {
    const { status, body } = await handleStripeWebhook(
      { ...billingDeps(), webhookSecret: webhookSecret() },
      rawBody,
      request.headers.get("stripe-signature"),
    );
    return Response.json(body, { status });
  } catch (error) {
    // Not marked processed: Stripe retries, and the retry runs the sync again.
    console.error("Stripe webhook failed", error);
    return Response.json({ error: "Webhook processing failed; Stripe will retry" }, { status: 500 });
  }
}

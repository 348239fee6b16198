import { billingDeps } from "@/lib/billing/app-deps";
import { webhookSecret } from "@/lib/billing/stripe";
import { handleStripeWebhook } from "@/lib/billing/webhooks";

// Stripe's payloads are far below this; anything larger is not from Stripe.
const MAX_BODY_BYTES = 512 * 1024;

export async function POST(request: Request): Promise<Response> {
  // The signature covers the exact bytes: read the raw text, never parsed JSON.
  const rawBody = await readCapped(request, MAX_BODY_BYTES);
  if (rawBody === null) return Response.json({ error: "Payload too large" }, { status: 413 });
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

/** The body as text, or null past `limit` bytes (stops reading there, chunked or not). */
async function readCapped(request: Request, limit: number): Promise<string | null> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks).toString("utf8");
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
}

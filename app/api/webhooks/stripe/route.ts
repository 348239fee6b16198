import { after } from "next/server";
import { inboxWorker, webhookDeps } from "@/lib/billing/app-inbox";
import { handleStripeWebhook } from "@/lib/billing/webhooks";

// Stripe's payloads are far below this; anything larger is not from Stripe.
const MAX_BODY_BYTES = 512 * 1024;

export async function POST(request: Request): Promise<Response> {
  // The signature covers the exact bytes: read the raw text, never parsed JSON.
  const rawBody = await readCapped(request, MAX_BODY_BYTES);
  if (rawBody === null) return Response.json({ error: "Payload too large" }, { status: 413 });
  try {
    const { status, body } = await handleStripeWebhook(webhookDeps(), rawBody, request.headers.get("stripe-signature"));
    // Processed after the response; the promise keeps a platform that
    // freezes idle functions running until the pass is done.
    if (body.outcome === "recorded") after(() => inboxWorker().kick());
    return Response.json(body, { status });
  } catch (error) {
    // Not recorded (the database is down, say): Stripe retries the delivery.
    console.error("Stripe webhook could not be recorded", error);
    return Response.json({ error: "Webhook not recorded; Stripe will retry" }, { status: 500 });
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

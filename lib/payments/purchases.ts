// One-time purchases paid with the Payment Element on a PaymentIntent. The
// browser names a product; its amount and currency come from the catalog
// here, and the browser only ever gets the PaymentIntent's client secret.
import "server-only";
import type Stripe from "stripe";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { BillingInputError, ensureCustomer, type CheckoutUser } from "@/lib/billing/checkout";
import { createLive } from "@/lib/billing/idempotent-create";
import { findOneTimeProduct, type OneTimeProduct } from "@/lib/billing/plans";

export type PurchaseDeps = { db: PrismaClient; stripe: Stripe };

// A PaymentIntent in these statuses can still be paid: a decline leaves it in
// requires_payment_method, so the retry pays the same one.
const OPEN_STATUSES: readonly Stripe.PaymentIntent.Status[] = [
  "requires_payment_method",
  "requires_confirmation",
  "requires_action",
];

/** Validates a product choice from the browser against the catalog (no Stripe call). */
export function parseProductChoice(productId: unknown): OneTimeProduct {
  const product = typeof productId === "string" ? findOneTimeProduct(productId) : undefined;
  if (!product) throw new BillingInputError(`"${String(productId).slice(0, 40)}" is not a product you can buy.`);
  return product;
}

/** True when the PaymentIntent is one of ours for `product` at the catalog's price. */
function isCatalogPurchase(paymentIntent: Stripe.PaymentIntent, product: OneTimeProduct): boolean {
  return (
    paymentIntent.metadata.product === product.id &&
    paymentIntent.amount === product.price.amount &&
    paymentIntent.currency === product.price.currency
  );
}

/**
 * The client secret of an open PaymentIntent for `product` on the user's own
 * customer: an open one is reused (a reload, a retry after a decline, a
 * double click), otherwise one is created once however many requests race.
 */
export async function startPurchase(
  deps: PurchaseDeps,
  user: CheckoutUser,
  product: OneTimeProduct,
): Promise<{ paymentIntentId: string; clientSecret: string }> {
  const { stripe } = deps;
  const customer = await ensureCustomer(deps.db, stripe, user);
  const { data } = await stripe.paymentIntents.list({ customer, limit: 100 });
  const open = data.find(
    (paymentIntent) =>
      OPEN_STATUSES.includes(paymentIntent.status) &&
      paymentIntent.metadata.userId === user.id &&
      isCatalogPurchase(paymentIntent, product),
  );
  const paymentIntent =
    open ??
    (await createLive(
      (idempotencyKey) =>
        stripe.paymentIntents.create(
          {
            amount: product.price.amount,
            currency: product.price.currency,
            customer,
            automatic_payment_methods: { enabled: true },
            description: product.name,
            metadata: { userId: user.id, product: product.id },
          },
          { idempotencyKey },
        ),
      `tollgate-purchase-${user.id}-${product.id}-${Math.floor(Date.now() / 60_000)}`,
      async (created) => OPEN_STATUSES.includes((await stripe.paymentIntents.retrieve(created.id)).status),
    ));
  if (!paymentIntent.client_secret) throw new Error(`PaymentIntent ${paymentIntent.id} has no client secret`);
  return { paymentIntentId: paymentIntent.id, clientSecret: paymentIntent.client_secret };
}

/** The PaymentIntent, only if it is a purchase of this user's; otherwise null (shown as not found). */
export async function retrieveOwnPaymentIntent(
  deps: PurchaseDeps,
  userId: string,
  paymentIntentId: string,
): Promise<Stripe.PaymentIntent | null> {
  if (!/^pi_[A-Za-z0-9_]+$/.test(paymentIntentId)) return null;
  const [user, paymentIntent] = await Promise.all([
    deps.db.user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true } }),
    deps.stripe.paymentIntents.retrieve(paymentIntentId).catch((error: { statusCode?: number }) => {
      if (error.statusCode === 404) return null;
      throw error;
    }),
  ]);
  if (!paymentIntent || !user?.stripeCustomerId) return null;
  return customerOf(paymentIntent) === user.stripeCustomerId && paymentIntent.metadata.userId === userId
    ? paymentIntent
    : null;
}

export function customerOf(paymentIntent: Stripe.PaymentIntent): string | null {
  const customer = paymentIntent.customer;
  return typeof customer === "string" ? customer : (customer?.id ?? null);
}

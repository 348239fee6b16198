// The Customer Portal, always for the signed-in user's own
// customer: the id comes from our database row, never from the request.
import "server-only";
import type Stripe from "stripe";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { findCatalogPortalConfiguration } from "./catalog-sync";
import { BillingInputError } from "./checkout";

export async function createPortalSession(
  deps: { db: PrismaClient; stripe: Stripe; appUrl: string },
  userId: string,
): Promise<string> {
  const user = await deps.db.user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true } });
  if (!user?.stripeCustomerId)
    throw new BillingInputError("You have no billing account yet: subscribe to a plan first.");
  const configuration = await findCatalogPortalConfiguration(deps.stripe);
  if (!configuration) throw new Error("No Customer Portal configuration: run `npm run stripe:setup`.");
  const session = await deps.stripe.billingPortal.sessions.create({
    customer: user.stripeCustomerId,
    configuration,
    // Re-reads Stripe, then shows the billing page (billing/return/route.ts).
    return_url: `${deps.appUrl}/account/billing/return`,
  });
  return session.url;
}

// Where the Customer Portal sends the user back: re-read Stripe first, so the
// billing page shows what was just done there even before its webhooks land.
// A route handler, not the page, because the page's layout reads the billing
// state concurrently with the page.
import { getCurrentUser } from "@/lib/auth/session";
import { billingDeps } from "@/lib/billing/app-deps";
import { billingNoticeUrl } from "@/lib/billing/notices";
import { syncCustomer } from "@/lib/billing/sync";
import { appUrl } from "@/lib/env";

export async function GET(): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return Response.redirect(new URL("/sign-in?callbackUrl=%2Faccount%2Fbilling", appUrl), 303);
  if (user.stripeCustomerId) {
    // Only the signed-in user's own customer; on failure the webhooks still come.
    await syncCustomer(billingDeps(), user.stripeCustomerId).catch((error: unknown) =>
      console.error("Re-reading billing after the portal failed; showing the stored state", error),
    );
  }
  return Response.redirect(new URL(billingNoticeUrl("portal-return"), appUrl), 303);
}

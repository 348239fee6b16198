import { accountMenuData, currentSubscription } from "@/lib/account/menu-data";
import { getCurrentUser } from "@/lib/auth/session";
import { getBillingState } from "@/lib/billing/entitlements";
import type { Viewer } from "@/components/viewer";

const privateNoStore = { "Cache-Control": "private, no-store" };

/**
 * Who is looking at a static public page (components/viewer.ts): the account
 * menu's data and the current plan. Never cached by a CDN: it varies by cookie.
 */
export async function GET(): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return Response.json({ signedIn: false } satisfies Viewer, { headers: privateNoStore });
  const billing = await getBillingState(user.id, user.stripeCustomerId);
  const live = currentSubscription(billing);
  const viewer: Viewer = {
    signedIn: true,
    account: accountMenuData(user, billing),
    planId: billing.access.plan.id,
    interval: live?.interval ?? null,
    subscribed: Boolean(live),
    cancelAtPeriodEnd: live?.cancelAtPeriodEnd ?? false,
  };
  return Response.json(viewer, { headers: privateNoStore });
}

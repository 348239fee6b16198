import { getCurrentUser } from "@/lib/auth/session";
import { LIVE_STATUSES } from "@/lib/billing/access";
import { getBillingState } from "@/lib/billing/entitlements";

/** Who is looking at the (static) pricing page: marks their current plan. */
export async function GET(): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return Response.json({ signedIn: false, planId: "free", interval: null, subscribed: false });
  const { access, subscriptions } = await getBillingState(user.id, user.stripeCustomerId);
  const live = subscriptions.find((subscription) => LIVE_STATUSES.includes(subscription.status));
  return Response.json(
    { signedIn: true, planId: access.plan.id, interval: live?.interval ?? null, subscribed: Boolean(live) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

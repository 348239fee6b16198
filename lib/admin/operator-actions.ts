// What an admin can do to a customer's billing. Each action changes Stripe
// first (a Stripe error stops it with nothing recorded), then re-syncs the
// customer; the sync's writes and the action's one audit row share a
// transaction, so our copy and the log change together or not at all.
// Callers pass an operator that requireRole("admin") returned.
import "server-only";
import Stripe from "stripe";
import { recordAudit, type AuditRequest } from "@/lib/audit";
import { syncCustomer, type SyncDeps, type SyncTransaction } from "@/lib/billing/sync";
import { readBillingSnapshot } from "@/lib/billing/sync-audit";
import { operatorActor, type Operator } from "./role-names";

export type ActionResult = { ok: true; message: string } | { ok: false; error: string };

export type OperatorContext = { deps: SyncDeps; operator: Operator; request: AuditRequest | null; reason: string };

/** A Stripe refusal as the operator should read it; anything else stays generic (and is logged). */
export function operatorErrorMessage(error: unknown, doing: string): string {
  if (error instanceof Stripe.errors.StripeError) return `Stripe refused to ${doing}: ${error.message}`;
  console.error(`Could not ${doing}`, error);
  return `Could not ${doing}: something failed on our side (the error is logged). Try again in a minute.`;
}

/**
 * Re-syncs `customerId` and writes the action's one audit row in the sync's
 * transaction; the row carries what the sync changed, so the sync records
 * nothing of its own.
 */
async function syncWithAudit(
  context: OperatorContext,
  customerId: string,
  audit: (tx: SyncTransaction) => Promise<void>,
): Promise<void> {
  await syncCustomer(context.deps, customerId, { auditedByCaller: true, inTransaction: (tx) => audit(tx) });
}

/** A subscription's state as stored, with its user's tier: the before/after of an action's row. */
async function subscriptionState(tx: Pick<SyncTransaction, "subscription">, subscriptionId: string) {
  const row = await tx.subscription.findUnique({
    where: { id: subscriptionId },
    select: {
      status: true,
      cancelAtPeriodEnd: true,
      user: { select: { id: true, tier: true, stripeCustomerId: true } },
    },
  });
  return row
    ? {
        state: { status: row.status, cancelAtPeriodEnd: row.cancelAtPeriodEnd, tier: row.user.tier },
        userId: row.user.id,
        customerId: row.user.stripeCustomerId,
      }
    : null;
}

export async function cancelSubscription(
  context: OperatorContext,
  subscriptionId: string,
  when: "now" | "period_end",
): Promise<ActionResult> {
  const { deps, operator, request, reason } = context;
  const stored = await subscriptionState(deps.db, subscriptionId);
  if (!stored?.customerId) return { ok: false, error: `No subscription ${subscriptionId} is stored for any user.` };
  if (stored.state.status === "canceled" || stored.state.status === "incomplete_expired") {
    return { ok: false, error: `Subscription ${subscriptionId} has already ended.` };
  }
  try {
    if (when === "now") await deps.stripe.subscriptions.cancel(subscriptionId);
    else await deps.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
  } catch (error) {
    return { ok: false, error: operatorErrorMessage(error, "cancel the subscription") };
  }
  try {
    await syncWithAudit(context, stored.customerId, async (tx) => {
      const after = await subscriptionState(tx, subscriptionId);
      await recordAudit(tx, {
        actor: operatorActor(operator),
        action: when === "now" ? "subscription.cancel" : "subscription.cancel_at_period_end",
        target: { type: "subscription", id: subscriptionId },
        reason,
        change: { before: stored.state, after: after?.state ?? { status: null } },
        details: { userId: stored.userId },
        request,
      });
    });
  } catch (error) {
    // Stripe has the change; its webhook will bring it here (audited as the event).
    return {
      ok: false,
      error: `Stripe accepted the cancellation, but storing it here failed: ${operatorErrorMessage(error, "store it")} It will appear when Stripe's event arrives.`,
    };
  }
  return {
    ok: true,
    message: when === "now" ? "The subscription was cancelled." : "The subscription will end at the period end.",
  };
}

/** A user's tier and subscription statuses, as an action row's before/after. */
async function billingState(tx: SyncTransaction, userId: string) {
  const snapshot = await readBillingSnapshot(tx, userId);
  return {
    tier: snapshot.tier,
    subscriptions: Object.fromEntries(snapshot.subscriptions.map((row) => [row.id, row.status])),
  };
}

export async function resyncCustomer(context: OperatorContext, userId: string): Promise<ActionResult> {
  const { deps, operator, request, reason } = context;
  const user = await deps.db.user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true } });
  if (!user?.stripeCustomerId) return { ok: false, error: "This user has no Stripe customer to re-sync." };
  const before = await billingState(deps.db, userId);
  try {
    await syncWithAudit(context, user.stripeCustomerId, async (tx) =>
      recordAudit(tx, {
        actor: operatorActor(operator),
        action: "customer.resync",
        target: { type: "user", id: userId },
        reason,
        change: { before, after: await billingState(tx, userId) },
        details: { customerId: user.stripeCustomerId },
        request,
      }),
    );
  } catch (error) {
    return { ok: false, error: operatorErrorMessage(error, "re-sync the customer") };
  }
  return { ok: true, message: "The customer was re-synced from Stripe." };
}

/**
 * Replays a webhook event: re-runs the sync for its customer and, in the same
 * transaction, marks the event processed and records the replay.
 */
export async function replayEvent(context: OperatorContext, eventId: string): Promise<ActionResult> {
  const { deps, operator, request, reason } = context;
  const event = await deps.db.stripeEvent.findUnique({
    where: { id: eventId },
    select: { customerId: true, state: true, type: true },
  });
  if (!event) return { ok: false, error: `No event ${eventId} in the inbox.` };
  if (!event.customerId) return { ok: false, error: `Event ${eventId} (${event.type}) names no customer to re-sync.` };
  try {
    await syncWithAudit(context, event.customerId, async (tx) => {
      await tx.stripeEvent.update({
        where: { id: eventId },
        data: { state: "processed", processedAt: new Date(), lastError: null },
      });
      await recordAudit(tx, {
        actor: operatorActor(operator),
        action: "webhook.replay",
        target: { type: "stripe_event", id: eventId },
        reason,
        change: { before: { state: event.state }, after: { state: "processed" } },
        details: { customerId: event.customerId },
        request,
      });
    });
  } catch (error) {
    return { ok: false, error: operatorErrorMessage(error, "replay the event") };
  }
  return { ok: true, message: `Event ${eventId} was replayed: its customer was re-synced.` };
}

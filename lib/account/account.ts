// Account changes a signed-in user makes about themselves. Callers pass the id
// from requireUser(), never one taken from a form.
import "server-only";
import type Stripe from "stripe";
import { LIVE_STATUSES } from "@/lib/billing/access";
import { recordFormerSubscriber } from "@/lib/billing/former-subscribers";
import { recordAudit, type AuditRequest } from "@/lib/audit";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export const MAX_NAME_LENGTH = 80;

export async function updateDisplayName(db: PrismaClient, userId: string, name: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { name: name === "" ? null : name } });
}

/**
 * Cancels every subscription the user still has at Stripe, at once (not at
 * period end), then deletes the customer, which also voids its saved cards and
 * any open Checkout: nobody is charged for an account that no longer exists.
 * Runs before deleteAccount(); if Stripe fails, nothing is deleted.
 */
export async function cancelSubscriptionsForDeletion(
  db: PrismaClient,
  stripe: Stripe,
  userId: string,
): Promise<number> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true } });
  if (!user?.stripeCustomerId) return 0;
  const { data } = await stripe.subscriptions.list({ customer: user.stripeCustomerId, status: "all", limit: 100 });
  const live = data.filter((subscription) => (LIVE_STATUSES as readonly string[]).includes(subscription.status));
  for (const subscription of live) await stripe.subscriptions.cancel(subscription.id);
  await stripe.customers.del(user.stripeCustomerId);
  return live.length;
}

/**
 * Removes the user and everything that belongs to them in one transaction:
 * sessions, linked accounts and subscription rows go with the user row
 * (ON DELETE CASCADE), pending sign-in tokens and outbox copies by address.
 * A user who ever subscribed leaves a keyed hash of the address (no trial on
 * a new account with it); `emailHashKey` is the app's secret. The audit row
 * is written in the same transaction.
 */
export async function deleteAccount(
  db: PrismaClient,
  userId: string,
  emailHashKey: string,
  request: AuditRequest | null = null,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const subscribed = (await tx.subscription.count({ where: { userId } })) > 0;
    const { email, role } = await tx.user.delete({ where: { id: userId }, select: { email: true, role: true } });
    // By id only: the trail outlives the personal data it would otherwise keep.
    await recordAudit(tx, {
      actor: { kind: "user", id: userId, role },
      action: "account.delete",
      target: { type: "user", id: userId },
      request,
    });
    if (subscribed) await recordFormerSubscriber(tx, email, emailHashKey);
    await tx.verificationToken.deleteMany({ where: { identifier: email } });
    await tx.outboxEmail.deleteMany({ where: { to: email } });
  });
}

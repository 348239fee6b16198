// A user's subscription rows as the billing pages show them, and the two ways
// they are read: on their own, and inside the session's statement
// (lib/auth/session-store.ts). Every page under (app) shows the billing state
// in its header, so reading it with the session saves each signed-in page a
// database round trip.
import "server-only";
import { cache } from "react";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { SubscriptionStatus } from "./access";
import type { BillingInterval } from "./plans";

export type BillingSubscription = {
  id: string;
  status: SubscriptionStatus;
  planId: string;
  interval: BillingInterval;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  trialEnd: Date | null;
  pastDueSince: Date | null;
  scheduledPlanId: string | null;
  scheduledInterval: BillingInterval | null;
  scheduledChangeAt: Date | null;
  cardBrand: string | null;
  cardLast4: string | null;
  cardExpMonth: number | null;
  cardExpYear: number | null;
  updatedAt: Date;
};

/** The subscription columns the billing pages (and /admin's user page) show. */
export const subscriptionFields = {
  id: true,
  status: true,
  planId: true,
  interval: true,
  currentPeriodEnd: true,
  cancelAtPeriodEnd: true,
  trialEnd: true,
  pastDueSince: true,
  scheduledPlanId: true,
  scheduledInterval: true,
  scheduledChangeAt: true,
  cardBrand: true,
  cardLast4: true,
  cardExpMonth: true,
  cardExpYear: true,
  updatedAt: true,
} as const;

/** The user's subscriptions, newest change first. */
export function readSubscriptions(db: PrismaClient, userId: string): Promise<BillingSubscription[]> {
  return db.subscription.findMany({ where: { userId }, orderBy: { updatedAt: "desc" }, select: subscriptionFields });
}

// The timestamp columns among subscriptionFields, which JSON carries as text.
const timestampFields = new Set(["currentPeriodEnd", "trialEnd", "pastDueSince", "scheduledChangeAt", "updatedAt"]);

/**
 * A scalar subquery giving readSubscriptions()'s rows as one JSON array, for
 * the user whose id `userId` holds (a column of the enclosing query).
 */
export function subscriptionsAsJson(userId: Prisma.Sql): Prisma.Sql {
  const pairs = Object.keys(subscriptionFields).map((field) =>
    // The columns hold UTC without a zone; AT TIME ZONE 'UTC' puts the
    // offset into the JSON text, so no reader can take it for local time.
    timestampFields.has(field) ? `'${field}', sub."${field}" AT TIME ZONE 'UTC'` : `'${field}', sub."${field}"`,
  );
  return Prisma.sql`(
    SELECT coalesce(json_agg(json_build_object(${Prisma.raw(pairs.join(", "))}) ORDER BY sub."updatedAt" DESC), '[]'::json)
    FROM "Subscription" sub WHERE sub."userId" = ${userId})`;
}

/** subscriptionsAsJson()'s array with the types readSubscriptions() returns. */
export function subscriptionsFromJson(rows: Record<string, unknown>[]): BillingSubscription[] {
  return rows.map(
    (row) =>
      Object.fromEntries(
        Object.entries(row).map(([field, value]) => [
          field,
          timestampFields.has(field) && typeof value === "string" ? new Date(value) : value,
        ]),
      ) as BillingSubscription,
  );
}

// What the session's statement read, kept for the rest of the render that
// read it. React's cache() scope is one server render; outside one (route
// handlers, server actions) every call makes a new Map, so nothing is kept
// and readers fall back to their own query.
const readWithSession = cache(() => new Map<string, BillingSubscription[]>());

export function keepSubscriptionsReadWithSession(userId: string, subscriptions: BillingSubscription[]): void {
  readWithSession().set(userId, subscriptions);
}

/** This render's subscriptions of `userId` as read with the session, if they were. */
export function subscriptionsReadWithSession(userId: string): BillingSubscription[] | undefined {
  return readWithSession().get(userId);
}

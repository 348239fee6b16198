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

// The subscription columns the billing pages (and /admin's user page) show,
// each marked with how JSON carries it: both reads below are built from this
// one list, so a column added here reaches both alike.
const subscriptionColumns = {
  id: "value",
  status: "value",
  planId: "value",
  interval: "value",
  currentPeriodEnd: "timestamp",
  cancelAtPeriodEnd: "value",
  trialEnd: "timestamp",
  pastDueSince: "timestamp",
  scheduledPlanId: "value",
  scheduledInterval: "value",
  scheduledChangeAt: "timestamp",
  cardBrand: "value",
  cardLast4: "value",
  cardExpMonth: "value",
  cardExpYear: "value",
  updatedAt: "timestamp",
} as const satisfies Record<keyof BillingSubscription, "value" | "timestamp">;

/** Prisma's `select` of those columns. */
export const subscriptionFields = Object.fromEntries(
  Object.keys(subscriptionColumns).map((field) => [field, true]),
) as {
  [Field in keyof typeof subscriptionColumns]: true;
};

const isTimestamp = (field: string) => subscriptionColumns[field as keyof typeof subscriptionColumns] === "timestamp";

/**
 * The user's subscriptions, newest change first. The id breaks ties: one sync
 * writes all of a customer's rows within the same millisecond.
 */
export function readSubscriptions(db: PrismaClient, userId: string): Promise<BillingSubscription[]> {
  return db.subscription.findMany({
    where: { userId },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    select: subscriptionFields,
  });
}

// json_build_object()'s arguments for those columns, built once: the session
// read that uses them runs on every signed-in request. The columns hold UTC
// without a zone; AT TIME ZONE 'UTC' puts the offset into the JSON text, so
// no reader can take it for local time.
const jsonObjectArguments = Prisma.raw(
  Object.keys(subscriptionColumns)
    .map((field) =>
      isTimestamp(field) ? `'${field}', sub."${field}" AT TIME ZONE 'UTC'` : `'${field}', sub."${field}"`,
    )
    .join(", "),
);

/**
 * A scalar subquery giving readSubscriptions()'s rows as one JSON array, for
 * the user whose id `userId` holds (a column of the enclosing query).
 */
export function subscriptionsAsJson(userId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(
    SELECT coalesce(json_agg(json_build_object(${jsonObjectArguments}) ORDER BY sub."updatedAt" DESC, sub."id"), '[]'::json)
    FROM "Subscription" sub WHERE sub."userId" = ${userId})`;
}

/** subscriptionsAsJson()'s array with the types readSubscriptions() returns. */
export function subscriptionsFromJson(rows: Record<string, unknown>[]): BillingSubscription[] {
  return rows.map(
    (row) =>
      Object.fromEntries(
        Object.entries(row).map(([field, value]) => [
          field,
          isTimestamp(field) && typeof value === "string" ? new Date(value) : value,
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

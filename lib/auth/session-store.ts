// Auth.js's database adapter, with the one read every signed-in request makes
// (session by token, with its user) done in a single query. The Prisma
// adapter uses two. The same statement reads the user's subscriptions for the
// billing state every page under (app) shows, so a premium page makes two
// database round trips in all: this one and its own data.
import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter, AdapterSession, AdapterUser } from "next-auth/adapters";
import {
  keepSubscriptionsReadWithSession,
  subscriptionsAsJson,
  subscriptionsFromJson,
} from "@/lib/billing/subscription-rows";
import { Prisma, type PrismaClient, type UserRole } from "@/lib/generated/prisma/client";

declare module "next-auth/adapters" {
  interface AdapterUser {
    /** Our Stripe customer; lets billing code skip a lookup. */
    stripeCustomerId?: string | null;
    /** Operator role, read with the session on every request (never from the cookie). */
    role?: UserRole;
  }
}

type Row = {
  sessionToken: string;
  userId: string;
  expires: Date;
  name: string | null;
  email: string;
  emailVerified: Date | null;
  image: string | null;
  stripeCustomerId: string | null;
  role: UserRole;
  subscriptions: Record<string, unknown>[];
};

export function createSessionStore(db: PrismaClient): Adapter {
  return {
    ...PrismaAdapter(db),
    async getSessionAndUser(sessionToken): Promise<{ session: AdapterSession; user: AdapterUser } | null> {
      const [row] = await db.$queryRaw<Row[]>`
        SELECT s."sessionToken", s."userId", s."expires",
               u."name", u."email", u."emailVerified", u."image", u."stripeCustomerId", u."role",
               ${subscriptionsAsJson(Prisma.sql`s."userId"`)} AS "subscriptions"
        FROM "Session" s JOIN "User" u ON u."id" = s."userId"
        WHERE s."sessionToken" = ${sessionToken}`;
      if (!row) return null;
      const { sessionToken: token, userId, expires, subscriptions, ...user } = row;
      keepSubscriptionsReadWithSession(userId, subscriptionsFromJson(subscriptions));
      return { session: { sessionToken: token, userId, expires }, user: { id: userId, ...user } };
    },
  };
}

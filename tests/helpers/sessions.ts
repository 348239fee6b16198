// A signed-in user without the email round trip: the User and Session rows
// Auth.js's database strategy would write, and the cookie a browser would send.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { withClient } from "./test-database";

export type SignedInUser = { id: string; email: string; sessionToken: string; cookie: string };

/** Inserts a user (optionally linked to a Stripe customer) with a one-day session. */
export async function insertSignedInUser(
  client: pg.Client,
  user: { email?: string; stripeCustomerId?: string; tier?: string } = {},
): Promise<SignedInUser> {
  const suffix = randomBytes(6).toString("hex");
  const id = `test-user-${suffix}`;
  const email = user.email ?? `${id}@example.com`;
  const sessionToken = `test-session-${randomBytes(16).toString("hex")}`;
  await client.query(
    `INSERT INTO "User" (id, email, "stripeCustomerId", tier, "updatedAt") VALUES ($1, $2, $3, $4, now())`,
    [id, email, user.stripeCustomerId ?? null, user.tier ?? "free"],
  );
  await client.query(
    `INSERT INTO "Session" ("sessionToken", "userId", expires, "updatedAt") VALUES ($1, $2, now() + interval '1 day', now())`,
    [sessionToken, id],
  );
  return { id, email, sessionToken, cookie: `${SESSION_COOKIE}=${sessionToken}` };
}

export function createSignedInUser(
  databaseUrl: string,
  user?: Parameters<typeof insertSignedInUser>[1],
): Promise<SignedInUser> {
  return withClient(databaseUrl, (client) => insertSignedInUser(client, user));
}

/** Rows in `table` (optionally filtered), for before/after comparisons. */
export function countRows(databaseUrl: string, table: string, where = "true", params: unknown[] = []): Promise<number> {
  return withClient(databaseUrl, async (client) =>
    Number((await client.query(`SELECT count(*) FROM "${table}" WHERE ${where}`, params)).rows[0].count),
  );
}

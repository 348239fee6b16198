// The app's webhook processing: its dependencies and its one worker per
// process (kept on globalThis, so development's hot reloads never start a
// second loop).
import "server-only";
import { dbPool } from "@/lib/db";
import { appMailer } from "@/lib/email/app-mailer";
import { env } from "@/lib/env";
import { billingDeps } from "./app-deps";
import type { InboxDeps } from "./inbox";
import { startInboxWorker, type InboxWorker } from "./inbox-worker";
import { webhookSecret } from "./stripe";

export function inboxDeps(): InboxDeps {
  return { ...billingDeps(), mailer: appMailer(), leaseSeconds: env.BILLING_INBOX_LEASE_SECONDS };
}

/** What the webhook route needs: no Stripe call and one statement on the pool. */
export function webhookDeps() {
  return { stripe: billingDeps().stripe, sql: dbPool, webhookSecret: webhookSecret() };
}

const globalForInbox = globalThis as unknown as { tollgateInboxWorker?: InboxWorker };

export function inboxWorker(): InboxWorker {
  return (globalForInbox.tollgateInboxWorker ??= startInboxWorker(inboxDeps));
}

// Billing emails, exactly once. Processing records an email as due in the
// same transaction that marks its event processed, keyed by (event id,
// template): a redelivery, a replay or a second instance finds the key taken.
// After the commit, sendDueEmails() claims due rows (SKIP LOCKED, leased like
// inbox events), sends them through the mailer and marks them sent; a failed
// send is retried with backoff. A crash between the SMTP server's "accepted"
// and our "sent" is the one window that can send a message twice.
//
// Other flows queue their own emails the same way: call queueEmail() in the
// transaction that records what the email is about (a one-time purchase's
// fulfilment queues its receipt keyed by the payment's event and "receipt").
import "server-only";
import type { Mailer } from "@/lib/email/mailer";
import {
  renderPaymentFailed,
  renderSubscriptionCanceled,
  renderSubscriptionEnded,
  renderSubscriptionStarted,
  renderTrialEnding,
  type BillingTemplate,
} from "@/lib/email/templates/billing";
import { formatMoney } from "@/components/format";
import type { EmailContent } from "@/lib/email/templates/layout";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { InboxEvent, InSyncContext } from "./inbox";
import { findPlan } from "./plans";
import { errorMessage, MAX_ATTEMPTS, retryDelaySeconds } from "./retry";
import type { SubscriptionRow, SyncTransaction } from "./sync";

export type QueuedEmail = {
  /** The Stripe event (or other unique id) the email is about; with `template`, its key. */
  eventId: string;
  template: string;
  userId: string;
  to: string;
  content: EmailContent;
};

/** Records an email as due, in the caller's transaction; a key already taken changes nothing. */
export async function queueEmail(tx: SyncTransaction, email: QueuedEmail): Promise<void> {
  const { eventId, template, userId, to, content } = email;
  await tx.$executeRaw`
    INSERT INTO "BillingEmail" ("eventId", "template", "userId", "to", "subject", "text", "html")
    VALUES (${eventId}, ${template}, ${userId}, ${to}, ${content.subject}, ${content.text}, ${content.html})
    ON CONFLICT ("eventId", "template") DO NOTHING`;
}

type DueEmail = {
  eventId: string;
  template: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attempts: number;
};

/** Sends due emails until none is left; each is claimed by one instance at a time. */
export async function sendDueEmails(
  deps: { db: PrismaClient; mailer: Mailer; leaseSeconds?: number },
  limit = 50,
): Promise<{ sent: number; retrying: number; failed: number }> {
  const report = { sent: 0, retrying: 0, failed: 0 };
  for (;;) {
    const due = await deps.db.$queryRaw<DueEmail[]>`
      UPDATE "BillingEmail" SET "attempts" = "attempts" + 1,
             "nextAttemptAt" = CURRENT_TIMESTAMP + make_interval(secs => ${deps.leaseSeconds ?? 60}::float8)
      WHERE ("eventId", "template") IN (
        SELECT "eventId", "template" FROM "BillingEmail"
        WHERE "state" = 'due' AND "nextAttemptAt" <= CURRENT_TIMESTAMP
        ORDER BY "nextAttemptAt" LIMIT ${limit}::int
        FOR UPDATE SKIP LOCKED)
      RETURNING "eventId", "template", "to", "subject", "text", "html", "attempts"`;
    for (const email of due) {
      try {
        await deps.mailer.send({ to: email.to, subject: email.subject, text: email.text, html: email.html });
        await deps.db.$executeRaw`
          UPDATE "BillingEmail" SET "state" = 'sent', "sentAt" = CURRENT_TIMESTAMP, "lastError" = NULL
          WHERE "eventId" = ${email.eventId} AND "template" = ${email.template}`;
        report.sent += 1;
      } catch (error) {
        const outOfAttempts = email.attempts >= MAX_ATTEMPTS;
        report[outOfAttempts ? "failed" : "retrying"] += 1;
        await deps.db.$executeRaw`
          UPDATE "BillingEmail" SET "lastError" = ${errorMessage(error)},
                 "state" = ${outOfAttempts ? "failed" : "due"}::"BillingEmailState",
                 "nextAttemptAt" = CURRENT_TIMESTAMP + make_interval(secs => ${retryDelaySeconds(email.attempts)}::float8)
          WHERE "eventId" = ${email.eventId} AND "template" = ${email.template}`;
        console.error(`Billing email ${email.template} for event ${email.eventId} not sent: ${errorMessage(error)}`);
      }
    }
    if (due.length < limit) return report;
  }
}

/**
 * An inbox handler (event-handlers.ts) that queues `template` for the event's
 * user, built from what the sync just read from Stripe; null from the builder
 * means the email no longer applies (the trial was canceled meanwhile, say).
 */
export function emailOn(template: BillingTemplate) {
  return async ({ tx, event, synced, deps }: InSyncContext): Promise<void> => {
    if (!synced.user) return;
    const content = builders[template](event, synced.subscriptions, {
      appUrl: deps.appUrl,
      graceDays: deps.graceDays,
    });
    if (!content) return;
    const user = await tx.user.findUnique({ where: { id: synced.user.id }, select: { email: true } });
    if (!user) return;
    await queueEmail(tx, { eventId: event.id, template, userId: synced.user.id, to: user.email, content });
  };
}

type Settings = { appUrl: string; graceDays: number };
type Builder = (event: InboxEvent, subscriptions: SubscriptionRow[], settings: Settings) => EmailContent | null;

const DAY_MS = 24 * 60 * 60 * 1000;
const LIVE = new Set(["trialing", "active", "past_due"]);

const links = ({ appUrl }: Settings) => ({ billingUrl: `${appUrl}/account/billing`, pricingUrl: `${appUrl}/pricing` });
const planName = (row: SubscriptionRow) => findPlan(row.planId)?.name ?? row.planId;
const priceOf = (row: SubscriptionRow) => {
  const price = findPlan(row.planId)?.prices?.[row.interval];
  return price ? `${formatMoney(price.amount, price.currency)} a ${row.interval}` : `the ${planName(row)} price`;
};

const builders: Record<BillingTemplate, Builder> = {
  "subscription-started"(event, subscriptions, settings) {
    const row = subscriptions.find((candidate) => candidate.id === event.objectId);
    if (!row || !LIVE.has(row.status)) return null;
    const trialEnd = row.status === "trialing" ? row.trialEnd : null;
    return renderSubscriptionStarted({
      planName: planName(row),
      price: priceOf(row),
      trialEnd,
      nextBillingDate: trialEnd ?? row.currentPeriodEnd,
      links: links(settings),
    });
  },

  "trial-ending"(event, subscriptions, settings) {
    const row = subscriptions.find((candidate) => candidate.id === event.objectId);
    // Cancelled since: there is nothing to warn about.
    if (!row || row.status !== "trialing" || !row.trialEnd || row.cancelAtPeriodEnd) return null;
    return renderTrialEnding({
      planName: planName(row),
      price: priceOf(row),
      trialEnd: row.trialEnd,
      links: links(settings),
    });
  },

  "payment-failed"(event, subscriptions, settings) {
    const invoice = event.data.object as {
      amount_due?: number;
      currency?: string;
      created?: number;
      parent?: { subscription_details?: { subscription?: string } } | null;
    };
    const subscriptionId = invoice.parent?.subscription_details?.subscription;
    const row = subscriptions.find((candidate) => candidate.id === subscriptionId);
    // Not a subscription's invoice, or the subscription has ended since.
    if (!row || !LIVE.has(row.status)) return null;
    const failedAt = row.pastDueSince ?? new Date((invoice.created ?? Date.now() / 1000) * 1000);
    return renderPaymentFailed({
      planName: planName(row),
      amountDue:
        typeof invoice.amount_due === "number" && invoice.currency
          ? formatMoney(invoice.amount_due, invoice.currency)
          : null,
      accessEndsAt: new Date(failedAt.getTime() + settings.graceDays * DAY_MS),
      links: links(settings),
    });
  },

  "subscription-canceled"(event, subscriptions, settings) {
    // Only the update that turned cancel_at_period_end on.
    if (event.data.previous_attributes?.cancel_at_period_end !== false) return null;
    const row = subscriptions.find((candidate) => candidate.id === event.objectId);
    if (!row || !row.cancelAtPeriodEnd || !LIVE.has(row.status)) return null;
    return renderSubscriptionCanceled({
      planName: planName(row),
      endsAt: row.currentPeriodEnd,
      links: links(settings),
    });
  },

  "subscription-ended"(event, subscriptions, settings) {
    const row = subscriptions.find((candidate) => candidate.id === event.objectId);
    if (!row) return null;
    const endedAt = (event.data.object as { ended_at?: number | null }).ended_at;
    return renderSubscriptionEnded({
      planName: planName(row),
      endedAt: endedAt ? new Date(endedAt * 1000) : (event.stripeCreatedAt ?? new Date()),
      links: links(settings),
    });
  },
};

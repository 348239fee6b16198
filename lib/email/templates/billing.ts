// The billing emails. Edit the wording here; each keeps a text and an HTML
// part (renderEmail). The purchase receipt of one-time payments belongs here
// too, next to these, queued the same way (lib/billing/billing-emails.ts).
import "server-only";
import { product } from "@/product.config";
import { formatMoney } from "@/components/format";
import { formatDate, renderEmail, type EmailContent } from "./layout";

/** Every billing template's name: the second half of an email's key (event id, template). */
export type BillingTemplate =
  "subscription-started" | "trial-ending" | "payment-failed" | "subscription-canceled" | "subscription-ended";

type Links = { billingUrl: string; pricingUrl: string };

export function renderSubscriptionStarted(input: {
  planName: string;
  /** "$12.00 a month" */
  price: string;
  trialEnd: Date | null;
  nextBillingDate: Date;
  links: Links;
}): EmailContent {
  const { planName, price, trialEnd, nextBillingDate, links } = input;
  const paragraphs = trialEnd
    ? [
        `Your free trial of ${product.name} ${planName} has started. It ends on ${formatDate(trialEnd)}.`,
        `After the trial you pay ${price}, first on ${formatDate(nextBillingDate)}, unless you cancel before then.`,
      ]
    : [
        `You are now on ${product.name} ${planName} at ${price}.`,
        `Your next payment is on ${formatDate(nextBillingDate)}.`,
      ];
  return renderEmail({
    subject: trialEnd ? `Your ${planName} trial has started` : `Welcome to ${product.name} ${planName}`,
    heading: trialEnd ? `Your ${planName} trial has started` : `Welcome to ${planName}`,
    paragraphs,
    action: { label: "Manage your subscription", url: links.billingUrl },
    footer: "You can change plan or cancel at any time from your billing page.",
  });
}

export function renderTrialEnding(input: {
  planName: string;
  price: string;
  trialEnd: Date;
  links: Links;
}): EmailContent {
  const { planName, price, trialEnd, links } = input;
  return renderEmail({
    subject: `Your ${planName} trial ends on ${formatDate(trialEnd)}`,
    heading: "Your trial ends in 3 days",
    paragraphs: [
      `Your free trial of ${product.name} ${planName} ends on ${formatDate(trialEnd)}.`,
      `To keep ${planName}, do nothing: we charge ${price} on that day. To stop, cancel before then and you will not be charged.`,
    ],
    action: { label: "Review your subscription", url: links.billingUrl },
  });
}

export function renderPaymentFailed(input: {
  planName: string;
  /** "$12.00", or null when the invoice's amount is unknown. */
  amountDue: string | null;
  accessEndsAt: Date;
  links: Links;
}): EmailContent {
  const { planName, amountDue, accessEndsAt, links } = input;
  return renderEmail({
    subject: `Your ${product.name} payment failed`,
    heading: "We could not take your payment",
    paragraphs: [
      `The payment${amountDue ? ` of ${amountDue}` : ""} for your ${planName} subscription failed.`,
      "Update your card from your billing page; we retry the payment with the new card.",
      `You keep ${planName} until ${formatDate(accessEndsAt)}. If the payment still fails by then, your account moves to the free plan.`,
    ],
    action: { label: "Update your card", url: links.billingUrl },
  });
}

export function renderSubscriptionCanceled(input: { planName: string; endsAt: Date; links: Links }): EmailContent {
  const { planName, endsAt, links } = input;
  return renderEmail({
    subject: `Your ${planName} subscription is canceled`,
    heading: "Your subscription is canceled",
    paragraphs: [
      `Your ${product.name} ${planName} subscription will not renew. You keep ${planName} until ${formatDate(endsAt)}, and you will not be charged again.`,
      "Changed your mind? You can resume it from your billing page until then.",
    ],
    action: { label: "Resume your subscription", url: links.billingUrl },
  });
}

export function renderSubscriptionEnded(input: { planName: string; endedAt: Date; links: Links }): EmailContent {
  const { planName, endedAt, links } = input;
  return renderEmail({
    subject: `Your ${planName} subscription has ended`,
    heading: "Your subscription has ended",
    paragraphs: [
      `Your ${product.name} ${planName} subscription ended on ${formatDate(endedAt)}. Your account is on the free plan now, and your data is still here.`,
    ],
    action: { label: "See the plans", url: links.pricingUrl },
  });
}

/** The receipt of a one-time purchase (a pack of report credits), sent once when it is fulfilled. */
export function renderPurchaseReceipt(input: {
  productName: string;
  amount: number;
  currency: string;
  paidAt: Date;
  creditsNow: number;
  /** Stripe's receipt page for the charge, when Stripe has one. */
  receiptUrl: string | null;
  links: { dashboardUrl: string };
}): EmailContent {
  const { productName, amount, currency, paidAt, creditsNow, receiptUrl, links } = input;
  return renderEmail({
    subject: `Your ${product.name} receipt: ${productName}`,
    heading: "Thank you for your purchase",
    paragraphs: [
      `You paid ${formatMoney(amount, currency)} for ${productName} on ${formatDate(paidAt)}.`,
      `You now have ${creditsNow} report ${creditsNow === 1 ? "credit" : "credits"}; each CSV export uses one.`,
      ...(receiptUrl ? [`Stripe's receipt for this payment: ${receiptUrl}`] : []),
    ],
    action: { label: "Export a report", url: links.dashboardUrl },
    footer: "Credits never expire. Plans with CSV exports included do not use them.",
  });
}

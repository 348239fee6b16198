import { applyPaymentOutcome, attemptPayment, previewInvoice } from "../billing";
import type { EmulatorContext } from "../context";
import { cardError, invalidRequest, resourceMissing } from "../errors";
import { present } from "../expand";
import { newestFirst, paginate } from "../lists";
import { arrayOf, expandable, int, object, oneOf, pagination, parseParams, str } from "../params";
import type { Router } from "../router";
import type { Invoice } from "../store";
import { getPaymentMethod } from "./payment-methods";
import { getSubscription } from "./subscriptions";

function getInvoice(context: EmulatorContext, id: string): Invoice {
  const invoice = context.store.state.invoices[id];
  if (!invoice) throw resourceMissing("invoice", id);
  return invoice;
}

export function invoiceSubscriptionId(invoice: Invoice): string | null {
  const subscription = invoice.parent?.subscription_details?.subscription;
  return typeof subscription === "string" ? subscription : null;
}

export function registerInvoices(router: Router, context: EmulatorContext): void {
  const state = () => context.store.state;

  router.on("POST", "/v1/invoices/create_preview", ({ params }) => {
    const input = parseParams(
      {
        ...expandable,
        customer: str,
        subscription: str,
        subscription_details: object({
          items: arrayOf(object({ id: str, price: str, quantity: int })),
          proration_behavior: oneOf("create_prorations", "always_invoice", "none"),
          proration_date: int,
          trial_end: str,
        }),
      },
      params,
    );
    if (!input.subscription) {
      throw invalidRequest(
        "The emulator previews invoices of existing subscriptions: pass `subscription`.",
        "subscription",
        "parameter_missing",
      );
    }
    const subscription = getSubscription(context, input.subscription, "subscription");
    if (input.customer !== undefined && input.customer !== subscription.customer) {
      throw invalidRequest("The subscription does not belong to this customer.", "customer");
    }
    if (subscription.status === "canceled") {
      throw invalidRequest(
        "No upcoming invoices for customer: the subscription is canceled.",
        "subscription",
        "invoice_upcoming_none",
      );
    }
    const details = input.subscription_details;
    if (details?.trial_end !== undefined && details.trial_end !== "now") {
      throw invalidRequest(
        "The emulator previews `subscription_details[trial_end]=now` only.",
        "subscription_details[trial_end]",
      );
    }
    const item = details?.items?.[0];
    const preview = previewInvoice(
      context,
      subscription,
      item?.price !== undefined
        ? {
            ...(item.id !== undefined ? { itemId: item.id } : {}),
            price: item.price,
            ...(item.quantity !== undefined ? { quantity: item.quantity } : {}),
            prorationBehavior: details?.proration_behavior ?? "create_prorations",
            ...(details?.proration_date !== undefined ? { prorationDate: details.proration_date } : {}),
          }
        : undefined,
      details?.trial_end === "now",
    );
    return present(context, preview, input.expand);
  });

  router.on("GET", "/v1/invoices/:id", ({ params, pathParams }) => {
    const input = parseParams(expandable, params);
    return present(context, getInvoice(context, pathParams.id ?? ""), input.expand);
  });

  router.on("GET", "/v1/invoices/:id/lines", ({ params, pathParams }) => {
    const input = parseParams(pagination, params);
    const invoice = getInvoice(context, pathParams.id ?? "");
    return paginate(context, invoice.lines.data, input, `/v1/invoices/${invoice.id}/lines`);
  });

  router.on("GET", "/v1/invoices", ({ params }) => {
    const input = parseParams(
      {
        ...pagination,
        customer: str,
        subscription: str,
        status: oneOf("draft", "open", "paid", "uncollectible", "void"),
      },
      params,
    );
    const invoices = newestFirst(state().invoices).filter(
      (invoice) =>
        (input.customer === undefined || invoice.customer === input.customer) &&
        (input.subscription === undefined || invoiceSubscriptionId(invoice) === input.subscription) &&
        (input.status === undefined || invoice.status === input.status),
    );
    return paginate(context, invoices, input, "/v1/invoices");
  });

  router.on("POST", "/v1/invoices/:id/pay", ({ params, pathParams }) => {
    const input = parseParams({ ...expandable, payment_method: str }, params);
    const invoice = getInvoice(context, pathParams.id ?? "");
    if (invoice.status === "paid") throw invalidRequest("Invoice is already paid", undefined, "invoice_already_paid");
    if (invoice.status !== "open")
      throw invalidRequest(`You can only pay an open invoice. This invoice is ${invoice.status ?? "unknown"}.`);
    const override = input.payment_method
      ? getPaymentMethod(context, input.payment_method, "payment_method").id
      : undefined;
    const decline = attemptPayment(context, invoice, override);
    const subscriptionId = invoiceSubscriptionId(invoice);
    const subscription = subscriptionId ? state().subscriptions[subscriptionId] : undefined;
    if (subscription && subscription.status !== "canceled")
      applyPaymentOutcome(context, subscription, decline === undefined);
    if (decline) throw cardError(decline, override);
    return present(context, invoice, input.expand);
  });
}

import type { EmulatorContext } from "../context";
import { resourceMissing } from "../errors";
import { present } from "../expand";
import { newestFirst, paginate } from "../lists";
import { expandable, object, oneOf, pagination, parseParams, str } from "../params";
import type { Router } from "../router";

/** How this API version links an invoice to its payments (the invoice itself names no charge or PaymentIntent). */
export function registerInvoicePayments(router: Router, context: EmulatorContext): void {
  router.on("GET", "/v1/invoice_payments/:id", ({ params, pathParams }) => {
    const input = parseParams(expandable, params);
    const id = pathParams.id ?? "";
    const invoicePayment = context.store.state.invoicePayments[id];
    if (!invoicePayment) throw resourceMissing("invoice_payment", id);
    return present(context, invoicePayment, input.expand);
  });

  router.on("GET", "/v1/invoice_payments", ({ params }) => {
    const input = parseParams(
      {
        ...pagination,
        invoice: str,
        status: oneOf("canceled", "open", "paid"),
        // Which invoice a PaymentIntent paid: `payment[type]=payment_intent&payment[payment_intent]=pi_…`.
        payment: object({ type: oneOf("payment_intent", "payment_record"), payment_intent: str, payment_record: str }),
      },
      params,
    );
    const wanted = input.payment?.payment_intent;
    const payments = newestFirst(context.store.state.invoicePayments).filter(
      (payment) =>
        (input.invoice === undefined || payment.invoice === input.invoice) &&
        (wanted === undefined || payment.payment.payment_intent === wanted) &&
        (input.status === undefined || payment.status === input.status),
    );
    return paginate(context, payments, input, "/v1/invoice_payments");
  });
}

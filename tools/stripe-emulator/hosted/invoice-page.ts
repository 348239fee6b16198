import { applyPaymentOutcome, attemptPayment, formatAmount } from "../billing";
import { attachDecline, chargeDecline, validateCardForm } from "../cards";
import type { EmulatorContext } from "../context";
import { invoiceSubscriptionId } from "../resources/invoices";
import { refundsOfInvoice } from "../resources/refunds";
import { attachPaymentMethod, createCardPaymentMethod } from "../resources/payment-methods";
import type { Invoice } from "../store";
import { html, notFoundPage, page, type PageResponse, formatDay } from "./html";

function render(context: EmulatorContext, invoice: Invoice, error: string | null): PageResponse {
  const open = invoice.status === "open";
  const payForm = open
    ? html`<h2>Pay this invoice</h2>
        ${error ? html`<div class="error" role="alert">${error}</div>` : html``}
        <form method="post" action="/i/${invoice.id}" novalidate>
          <label for="cardNumber">Card number</label
          ><input id="cardNumber" name="cardNumber" inputmode="numeric" placeholder="1234 1234 1234 1234" />
          <div class="row">
            <div>
              <label for="cardExpiry">Expiration</label
              ><input id="cardExpiry" name="cardExpiry" placeholder="MM / YY" />
            </div>
            <div>
              <label for="cardCvc">CVC</label
              ><input id="cardCvc" name="cardCvc" inputmode="numeric" placeholder="CVC" />
            </div>
          </div>
          <button type="submit" id="pay-invoice">
            Pay ${formatAmount(invoice.amount_remaining, invoice.currency)}
          </button>
        </form>`
    : html``;
  const body = html`<main>
    <section class="panel">
      <p class="muted">Invoice ${invoice.number ?? invoice.id}</p>
      <h1 data-testid="invoice-amount">${formatAmount(invoice.total, invoice.currency)}</h1>
      <p>
        <span class="badge ${invoice.status === "paid" ? "ok" : "warn"}" data-testid="invoice-status"
          >${invoice.status ?? ""}</span
        >
        ${invoice.status === "paid" ? `Paid ${formatDay(invoice.status_transitions.paid_at ?? invoice.created)}` : `Issued ${formatDay(invoice.effective_at ?? invoice.created)}`}
      </p>
      <p class="muted">Billed to ${invoice.customer_email ?? ""}</p>
      <table>
        <tr>
          <th>Description</th>
          <th>Period</th>
          <th>Amount</th>
        </tr>
        ${invoice.lines.data.map(
          (line) =>
            html`<tr>
              <td>${line.description ?? ""}</td>
              <td>${formatDay(line.period.start)} – ${formatDay(line.period.end)}</td>
              <td>${formatAmount(line.amount, line.currency)}</td>
            </tr>`,
        )}
        <tr>
          <th colspan="2">Amount paid</th>
          <th>${formatAmount(invoice.amount_paid, invoice.currency)}</th>
        </tr>
        ${refundsOfInvoice(context, invoice.id).map(
          (refund) =>
            html`<tr data-testid="invoice-refund">
              <td colspan="2">Refund ${formatDay(refund.created)}${refund.status === "failed" ? " (failed)" : ""}</td>
              <td>−${formatAmount(refund.amount, refund.currency)}</td>
            </tr>`,
        )}
        <tr>
          <th colspan="2">Amount remaining</th>
          <th>${formatAmount(invoice.amount_remaining, invoice.currency)}</th>
        </tr>
      </table>
      ${payForm}
    </section>
  </main>`;
  return { status: error ? 402 : 200, html: page(`Invoice ${invoice.number ?? invoice.id}`, body) };
}

/** The hosted invoice page at `hosted_invoice_url`, where an open invoice can also be paid by card. */
export function handleInvoicePage(
  context: EmulatorContext,
  method: string,
  invoiceId: string,
  form: Record<string, string>,
): PageResponse {
  const invoice = context.store.state.invoices[invoiceId];
  if (!invoice || invoice.status === "draft") return notFoundPage("This invoice does not exist.");
  if (method === "GET" || invoice.status !== "open") return render(context, invoice, null);
  const validation = validateCardForm(
    form.cardNumber ?? "",
    form.cardExpiry ?? "",
    form.cardCvc ?? "",
    context.clock.now(),
  );
  if (!validation.ok) return render(context, invoice, validation.message);
  const decline = attachDecline(validation.card.number) ?? chargeDecline(validation.card.number);
  if (decline) return render(context, invoice, decline.message);
  const paymentMethod = createCardPaymentMethod(context, validation.card, { email: invoice.customer_email });
  if (typeof invoice.customer === "string") attachPaymentMethod(context, paymentMethod, invoice.customer);
  attemptPayment(context, invoice, paymentMethod.id);
  const subscriptionId = invoiceSubscriptionId(invoice);
  const subscription = subscriptionId ? context.store.state.subscriptions[subscriptionId] : undefined;
  if (subscription && subscription.status !== "canceled")
    applyPaymentOutcome(context, subscription, invoice.status === "paid");
  return { redirect: `/i/${invoice.id}` };
}

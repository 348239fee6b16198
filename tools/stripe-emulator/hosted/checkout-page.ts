import { formatAmount } from "../billing";
import {
  AUTHENTICATION_FAILED_MESSAGE,
  attachDecline,
  chargeDecline,
  requiresAuthentication,
  validateCardForm,
} from "../cards";
import { addInterval } from "../clock";
import type { EmulatorContext } from "../context";
import { amountDueNow, completeCheckout, sessionTrialDays, type CheckoutPayment } from "../resources/checkout-sessions";
import type { CheckoutSession } from "../store";
import { Html, html, notFoundPage, page, type PageResponse, formatDay, cardFields } from "./html";

const readonlyAttribute = new Html(" readonly");
const emptyAttribute = new Html("");

interface FormState {
  email: string;
  name: string;
  error?: string;
}

function intervalText(interval: string, count: number): string {
  return count === 1 ? `per ${interval}` : `every ${count} ${interval}s`;
}

function summary(context: EmulatorContext, session: CheckoutSession): Html {
  const items = context.store.state.checkoutLineItems[session.id] ?? [];
  const trialDays = sessionTrialDays(context, session);
  const rows = items.map((item) => {
    const price = item.price;
    const recurring = price?.recurring;
    const unit = formatAmount((price?.unit_amount ?? 0) * (item.quantity ?? 1), item.currency);
    const cadence = recurring ? ` ${intervalText(recurring.interval, recurring.interval_count)}` : "";
    return html`<tr>
      <td>${item.description ?? "Item"}${(item.quantity ?? 1) > 1 ? ` × ${item.quantity ?? 1}` : ""}</td>
      <td>${unit}${cadence}</td>
    </tr>`;
  });
  const first = items[0]?.price;
  const recurring = first?.recurring;
  const fullAmount = items.reduce((sum, item) => sum + (item.price?.unit_amount ?? 0) * (item.quantity ?? 1), 0);
  let headline: Html;
  if (trialDays && recurring) {
    const trialEnd = context.clock.now() + trialDays * 86_400;
    headline = html`<p class="muted">Try ${items[0]?.description ?? "it"}</p>
      <div class="price" data-testid="checkout-amount">${trialDays} days free</div>
      <p class="muted" data-testid="trial-summary">
        Then ${formatAmount(fullAmount, session.currency ?? "usd")}
        ${intervalText(recurring.interval, recurring.interval_count)} starting ${formatDay(trialEnd)}
      </p>`;
  } else if (recurring) {
    const nextRenewal = addInterval(context.clock.now(), recurring.interval, recurring.interval_count);
    headline = html`<p class="muted">Subscribe to ${items[0]?.description ?? "this plan"}</p>
      <div class="price" data-testid="checkout-amount">${formatAmount(fullAmount, session.currency ?? "usd")}</div>
      <p class="muted">
        ${intervalText(recurring.interval, recurring.interval_count)}, renews ${formatDay(nextRenewal)}
      </p>`;
  } else {
    headline = html`<p class="muted">Pay ${items.length === 1 ? (items[0]?.description ?? "") : "your order"}</p>
      <div class="price" data-testid="checkout-amount">
        ${formatAmount(amountDueNow(session), session.currency ?? "usd")}
      </div>`;
  }
  const back = session.cancel_url
    ? html`<p><a href="${session.cancel_url}" data-testid="cancel-link">← Back</a></p>`
    : html``;
  return html`<section class="summary">
    ${back}${headline}
    <table>
      ${rows}
      <tr>
        <th>Total due today</th>
        <th>${formatAmount(amountDueNow(session), session.currency ?? "usd")}</th>
      </tr>
    </table>
  </section>`;
}

function checkoutForm(context: EmulatorContext, session: CheckoutSession, form: FormState): PageResponse {
  const trial = sessionTrialDays(context, session) !== null;
  const customer = typeof session.customer === "string" ? context.store.state.customers[session.customer] : undefined;
  const email = form.email || customer?.email || session.customer_email || "";
  const locked = Boolean(customer?.email || session.customer_email);
  const error = form.error
    ? html`<div class="error" role="alert" data-testid="checkout-error">${form.error}</div>`
    : html``;
  const body = html`<main>
    ${summary(context, session)}
    <section class="panel">
      <h1>${trial ? "Start your trial" : "Pay with card"}</h1>
      ${error}
      <form method="post" action="/c/pay/${session.id}" novalidate>
        <label for="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="email"
          value="${email}"
          ${locked ? readonlyAttribute : emptyAttribute}
        />
        ${cardFields()}
        <label for="name">Cardholder name</label>
        <input id="name" name="name" autocomplete="cc-name" value="${form.name}" />
        <button type="submit" id="submit">${trial ? "Start trial" : "Pay"}</button>
      </form>
      <p class="hint">
        Test cards: 4242 4242 4242 4242 succeeds · 4000 0000 0000 0002 is declined · 4000 0000 0000 9995 has
        insufficient funds · 4000 0025 0000 3155 asks for authentication · 4000 0000 0000 0341 attaches but later
        charges fail. Any future expiry, any CVC.
      </p>
    </section>
  </main>`;
  return { status: 200, html: page("Checkout", body) };
}

function closedPage(session: CheckoutSession): PageResponse {
  const message =
    session.status === "complete"
      ? html`<h1>Thanks for your order</h1>
          <p>This checkout session is complete.</p>
          ${
            session.success_url
              ? html`<p><a href="${session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id)}">Continue</a></p>`
              : html``
          }`
      : html`<h1>This checkout session has expired</h1>
          <p>Start again from the site to get a new one.</p>
          ${session.cancel_url ? html`<p><a href="${session.cancel_url}">Back</a></p>` : html``}`;
  return { status: 200, html: page("Checkout", html`<main><section class="panel">${message}</section></main>`) };
}

function successRedirect(session: CheckoutSession): PageResponse {
  // Embedded Checkout finishes in the Stripe.js stand-in, which redirects the top page or calls onComplete.
  if (session.ui_mode === "embedded_page") return { redirect: `/_emulator/embedded-checkout/${session.id}/complete` };
  if (!session.success_url) return { redirect: `/c/pay/${session.id}` };
  return { redirect: session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id) };
}

function authenticationPage(session: CheckoutSession): PageResponse {
  const body = html`<main>
    <section class="panel">
      <h1>3D Secure 2 Test Page</h1>
      <p class="muted">Your bank asks you to confirm this payment. In test mode you decide the outcome.</p>
      <form method="post" action="/c/pay/${session.id}/authenticate">
        <button type="submit" name="action" value="complete" id="complete-authentication">
          Complete authentication
        </button>
        <button type="submit" name="action" value="fail" class="secondary" id="fail-authentication">
          Fail authentication
        </button>
      </form>
    </section>
  </main>`;
  return { status: 200, html: page("Authenticate payment", body) };
}

function field(form: Record<string, string>, name: string): string {
  return (form[name] ?? "").trim();
}

/** Serves `/c/pay/:id` and its 3-D Secure step. */
export function handleCheckoutPage(
  context: EmulatorContext,
  method: string,
  sessionId: string,
  step: string | undefined,
  form: Record<string, string>,
): PageResponse {
  const session = context.store.state.checkoutSessions[sessionId];
  if (!session) return notFoundPage("Something went wrong: this checkout session does not exist.");
  if (session.status !== "open") return method === "GET" ? closedPage(session) : { redirect: `/c/pay/${session.id}` };
  const pending = context.store.state.pendingAuthentications[session.id];

  if (step === "authenticate") {
    if (!pending) return { redirect: `/c/pay/${session.id}` };
    if (method === "GET") return authenticationPage(session);
    if (field(form, "action") === "complete") {
      completeCheckout(context, session, {
        email: pending.email,
        name: pending.name,
        card: { number: pending.cardNumber, expMonth: pending.expMonth, expYear: pending.expYear },
      });
      return successRedirect(session);
    }
    delete context.store.state.pendingAuthentications[session.id];
    context.store.changed();
    return checkoutForm(context, session, {
      email: pending.email,
      name: pending.name,
      error: AUTHENTICATION_FAILED_MESSAGE,
    });
  }
  if (step !== undefined) return notFoundPage("Unknown checkout step.");
  if (method === "GET") return checkoutForm(context, session, { email: "", name: "" });

  const customer = typeof session.customer === "string" ? context.store.state.customers[session.customer] : undefined;
  const email = customer?.email ?? session.customer_email ?? field(form, "email");
  const name = field(form, "name");
  const state: FormState = { email, name };
  if (email === "") return checkoutForm(context, session, { ...state, error: "Your email is incomplete." });
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    return checkoutForm(context, session, { ...state, error: "Your email address is invalid." });
  const validation = validateCardForm(
    field(form, "cardNumber"),
    field(form, "cardExpiry"),
    field(form, "cardCvc"),
    context.clock.now(),
  );
  if (!validation.ok) return checkoutForm(context, session, { ...state, error: validation.message });
  const card = validation.card;
  if (requiresAuthentication(card.number)) {
    context.store.state.pendingAuthentications[session.id] = {
      email,
      name,
      cardNumber: card.number,
      expMonth: card.expMonth,
      expYear: card.expYear,
    };
    context.store.changed();
    return { redirect: `/c/pay/${session.id}/authenticate` };
  }
  const decline = amountDueNow(session) > 0 ? chargeDecline(card.number) : attachDecline(card.number);
  if (decline) return checkoutForm(context, session, { ...state, error: decline.message });
  const payment: CheckoutPayment = { email, name, card };
  completeCheckout(context, session, payment);
  return successRedirect(session);
}

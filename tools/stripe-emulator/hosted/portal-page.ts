import {
  applyPaymentOutcome,
  attemptPayment,
  cancelNow,
  changePrice,
  endTrialNow,
  firstItem,
  formatAmount,
  scheduleOf,
  setCancelAtPeriodEnd,
  type ProrationBehavior,
} from "../billing";
import { validateCardForm } from "../cards";
import type { EmulatorContext } from "../context";
import { StripeApiError } from "../errors";
import { invoiceSubscriptionId } from "../resources/invoices";
import { setDefaultCard } from "../resources/payment-methods";
import { releaseSchedule, scheduleSwitchAtPeriodEnd } from "../schedules";
import {
  snapshot,
  type PortalConfiguration,
  type PortalSession,
  type Price,
  type SchedulePhase,
  type Subscription,
  type SubscriptionSchedule,
} from "../store";
import {
  html,
  notFoundPage,
  page,
  type CardFieldValues,
  type Html,
  type PageResponse,
  formatDay,
  cardFields,
} from "./html";

function priceLabel(context: EmulatorContext, price: Price): string {
  const productId = typeof price.product === "string" ? price.product : price.product.id;
  const name = context.store.state.products[productId]?.name ?? productId;
  const interval = price.recurring
    ? ` per ${price.recurring.interval_count > 1 ? `${price.recurring.interval_count} ` : ""}${price.recurring.interval}`
    : "";
  return `${name} · ${formatAmount(price.unit_amount ?? 0, price.currency)}${interval}`;
}

function invoiceStatusLabel(status: string | null): string {
  return status ? status.charAt(0).toUpperCase() + status.slice(1) : "";
}

const statusBadges: Record<string, [tone: string, label: string]> = {
  active: ["ok", "Active"],
  trialing: ["info", "Trial"],
  past_due: ["bad", "Past due"],
  unpaid: ["bad", "Unpaid"],
  incomplete: ["warn", "Incomplete"],
  incomplete_expired: ["ended", "Expired"],
  paused: ["ended", "Paused"],
  canceled: ["ended", "Canceled"],
};

/** One badge per state, each its own colour, as Stripe's portal shows them. */
function statusBadge(subscription: Subscription): Html {
  const canceling =
    (subscription.cancel_at_period_end || subscription.cancel_at !== null) && subscription.status !== "canceled";
  const [tone, label] = canceling
    ? ["warn", "Canceling"]
    : (statusBadges[subscription.status] ?? ["ended", subscription.status]);
  return html`<span class="badge ${tone}" data-testid="subscription-status">${label}</span>`;
}

function allowedPrices(context: EmulatorContext, configuration: PortalConfiguration): Price[] {
  const update = configuration.features.subscription_update;
  if (!update.enabled) return [];
  return (update.products ?? [])
    .flatMap((product) => product.prices)
    .map((id) => context.store.state.prices[id])
    .filter((price): price is Price => price !== undefined && price.active);
}

const DAYS_PER_INTERVAL: Record<string, number> = { day: 1, week: 7, month: 365.25 / 12, year: 365.25 };

function intervalDays(price: Price): number {
  return (DAYS_PER_INTERVAL[price.recurring?.interval ?? "month"] ?? 0) * (price.recurring?.interval_count ?? 1);
}

/**
 * Whether a switch from `from` to `to` waits for the period end under the
 * configuration's `schedule_at_period_end` conditions (any one is enough):
 * `decreasing_item_amount` when the item's amount per billing interval drops
 * (the price's own interval, not normalized: yearly to monthly counts),
 * `shortening_interval` when the billing interval gets shorter.
 */
function switchesAtPeriodEnd(configuration: PortalConfiguration, from: Price, to: Price): boolean {
  return configuration.features.subscription_update.schedule_at_period_end.conditions.some((condition) =>
    condition.type === "decreasing_item_amount"
      ? (to.unit_amount ?? 0) < (from.unit_amount ?? 0)
      : condition.type === "shortening_interval" && intervalDays(to) < intervalDays(from),
  );
}

interface PortalSchedule {
  schedule: SubscriptionSchedule;
  /** The switch waiting at the end of the current phase, if there is one. */
  next: SchedulePhase | undefined;
}

/**
 * With `schedule_at_period_end` on, a schedule holding at most one switch at
 * the current period end and then releasing (the portal's own, or the same
 * made through the API) is the portal's to show and change. Without it, or for
 * any other schedule, the plan stays locked: Stripe's portal does not update a
 * subscription whose schedule has phases of its own to come.
 */
function portalSchedule(
  context: EmulatorContext,
  configuration: PortalConfiguration,
  subscription: Subscription,
): PortalSchedule | undefined {
  const schedule = scheduleOf(context, subscription);
  const current = schedule?.current_phase;
  if (
    !schedule ||
    !current ||
    schedule.status !== "active" ||
    schedule.end_behavior !== "release" ||
    configuration.features.subscription_update.schedule_at_period_end.conditions.length === 0 ||
    current.end_date !== firstItem(subscription).current_period_end
  ) {
    return undefined;
  }
  const later = schedule.phases.filter((phase) => phase.start_date >= current.end_date);
  if (later.length > 1 || later.some((phase) => phase.items.length !== 1)) return undefined;
  return { schedule, next: later[0] };
}

function phasePrice(context: EmulatorContext, phase: SchedulePhase | undefined): Price | undefined {
  const price = phase?.items[0]?.price;
  return price === undefined ? undefined : context.store.state.prices[typeof price === "string" ? price : price.id];
}

function subscriptionSection(
  context: EmulatorContext,
  session: PortalSession,
  configuration: PortalConfiguration,
  subscription: Subscription,
): Html {
  const item = firstItem(subscription);
  const price = context.store.state.prices[item.price.id] ?? item.price;
  const period = item.current_period_end;
  let when: string;
  if (subscription.status === "canceled") when = `Canceled on ${formatDay(subscription.ended_at ?? period)}`;
  else if (subscription.cancel_at_period_end || subscription.cancel_at)
    when = `Your plan will be canceled on ${formatDay(subscription.cancel_at ?? period)}`;
  else if (subscription.status === "trialing")
    when = `Your trial ends on ${formatDay(subscription.trial_end ?? period)}`;
  else when = `Your plan renews on ${formatDay(period)}`;
  const action = `/p/session/${session.id}`;
  const hidden = html`<input type="hidden" name="subscription" value="${subscription.id}" />`;
  const cancel = configuration.features.subscription_cancel;
  let cancelControls = html``;
  if (subscription.status !== "canceled" && cancel.enabled) {
    cancelControls =
      subscription.cancel_at_period_end || subscription.cancel_at
        ? html`<form method="post" action="${action}" class="inline">
            ${hidden}<button type="submit" name="action" value="renew" id="renew">Renew</button>
          </form>`
        : html`<form method="post" action="${action}" class="inline">
            ${hidden}<button type="submit" name="action" value="cancel" class="danger" id="cancel">Cancel plan</button>
          </form>`;
  }
  const managed = portalSchedule(context, configuration, subscription);
  const pending = managed ? phasePrice(context, managed.next) : undefined;
  const locked = subscription.schedule !== null && managed === undefined;
  // Like Stripe's portal: a plan set to cancel offers "Renew", not a plan change.
  const canceling = subscription.cancel_at_period_end || subscription.cancel_at !== null;
  const switchable =
    subscription.status === "canceled" || locked || canceling
      ? []
      : allowedPrices(context, configuration).filter(
          (candidate) => candidate.id !== price.id && candidate.id !== pending?.id,
        );
  const scheduledChange =
    pending && managed?.next
      ? html`<p data-testid="scheduled-change">
            Your plan changes to <strong>${priceLabel(context, pending)}</strong> on
            ${formatDay(managed.next.start_date)}.
          </p>
          <form method="post" action="${action}" class="inline">
            ${hidden}<button type="submit" name="action" value="cancel_scheduled_change" id="cancel-scheduled-change">
              Cancel scheduled change
            </button>
          </form>`
      : html``;
  const switchControls =
    switchable.length > 0
      ? html`<h2>Change plan</h2>
          <form method="post" action="${action}">
            ${hidden}<input type="hidden" name="action" value="switch_plan" />
            <label for="price">New plan</label>
            <select id="price" name="price">
              ${switchable.map((candidate) => html`<option value="${candidate.id}">${priceLabel(context, candidate)}</option>`)}
            </select>
            <button type="submit" id="switch-plan">Update plan</button>
          </form>`
      : html``;
  return html`<div data-testid="subscription" data-subscription-id="${subscription.id}">
    <h2>Current plan</h2>
    <p><strong data-testid="current-plan">${priceLabel(context, price)}</strong> ${statusBadge(subscription)}</p>
    <p class="muted" data-testid="plan-timing">${when}</p>
    ${scheduledChange} ${cancelControls} ${switchControls}
  </div>`;
}

function render(
  context: EmulatorContext,
  session: PortalSession,
  configuration: PortalConfiguration,
  notice: string | null,
  error: string | null,
  typedCard: CardFieldValues = {},
): PageResponse {
  const state = context.store.state;
  const customer = state.customers[session.customer];
  const subscriptions = Object.values(state.subscriptions)
    .filter((subscription) => subscription.customer === session.customer)
    .reverse();
  const live = subscriptions.filter((subscription) => subscription.status !== "canceled");
  const shown = live.length > 0 ? live : subscriptions.slice(0, 1);
  // Checkout saves the card on the subscription; the portal's own updates also make it the customer's default.
  const defaultCard = customer?.invoice_settings.default_payment_method ?? shown[0]?.default_payment_method;
  const card = typeof defaultCard === "string" ? state.paymentMethods[defaultCard]?.card : undefined;
  const features = configuration.features;
  const paymentSection = features.payment_method_update.enabled
    ? html`<h2>Payment method</h2>
        <p data-testid="default-card">
          ${card ? `${card.brand.toUpperCase()} •••• ${card.last4} (expires ${card.exp_month}/${card.exp_year})` : "No card on file"}
        </p>
        <form method="post" action="/p/session/${session.id}" novalidate>
          <input type="hidden" name="action" value="update_card" />
          ${cardFields(typedCard)}
          <button type="submit" id="update-card">Update card</button>
        </form>`
    : html``;
  const invoices = Object.values(state.invoices)
    .filter((invoice) => invoice.customer === session.customer && invoice.status !== "draft")
    .reverse();
  const invoiceSection = features.invoice_history.enabled
    ? html`<h2>Invoice history</h2>
        ${
          invoices.length === 0
            ? html`<p class="muted">No invoices yet.</p>`
            : html`<table data-testid="invoice-history">
                <tr>
                  <th>Date</th>
                  <th>Amount</th>
                  <th>Status</th>
                  <th></th>
                </tr>
                ${invoices.map(
                  (invoice) =>
                    html`<tr>
                      <td>${formatDay(invoice.created)}</td>
                      <td>${formatAmount(invoice.total, invoice.currency)}</td>
                      <td>${invoiceStatusLabel(invoice.status)}</td>
                      <td>
                        ${invoice.hosted_invoice_url ? html`<a href="${invoice.hosted_invoice_url}">View</a>` : html``}
                      </td>
                    </tr>`,
                )}
              </table>`
        }`
    : html``;
  const returnLink = session.return_url
    ? html`<p>
        <a href="${session.return_url}" id="return-link">← Return to ${new URL(session.return_url).host}</a>
      </p>`
    : html``;
  // Like Stripe's portal: the configuration's headline, and its legal links.
  const { headline, terms_of_service_url: terms, privacy_policy_url: privacy } = configuration.business_profile;
  const legalLinks =
    terms || privacy
      ? html`<p class="muted" id="legal-links">
          ${terms ? html`<a href="${terms}">Terms</a>` : html``}
          ${privacy ? html`<a href="${privacy}">Privacy</a>` : html``}
        </p>`
      : html``;
  const body = html`<main>
    <section class="summary">
      ${returnLink}
      <h1>Billing</h1>
      ${headline ? html`<p id="headline">${headline}</p>` : html``}
      <p class="muted">${customer?.email ?? ""}</p>
      ${legalLinks}
    </section>
    <section class="panel">
      ${notice ? html`<div class="notice" role="status" data-testid="portal-notice">${notice}</div>` : html``}
      ${error ? html`<div class="error" role="alert" id="card-error" data-testid="portal-error">${error}</div>` : html``}
      ${shown.length === 0 ? html`<p class="muted">No subscriptions.</p>` : shown.map((subscription) => subscriptionSection(context, session, configuration, subscription))}
      ${paymentSection} ${invoiceSection}
    </section>
  </main>`;
  return { status: error ? 402 : 200, html: page("Billing portal", body) };
}

/** After a new card is saved, past-due invoices are tried again right away. */
function retryOpenInvoices(context: EmulatorContext, customerId: string): void {
  for (const invoice of Object.values(context.store.state.invoices)) {
    if (invoice.customer !== customerId || invoice.status !== "open") continue;
    const subscriptionId = invoiceSubscriptionId(invoice);
    const subscription = subscriptionId ? context.store.state.subscriptions[subscriptionId] : undefined;
    if (!subscription || subscription.status === "canceled") continue;
    const decline = attemptPayment(context, invoice);
    applyPaymentOutcome(context, subscription, decline === undefined);
  }
}

/** A refused card field, so the page can mark it and keep what was typed. */
class CardFormError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

function act(
  context: EmulatorContext,
  session: PortalSession,
  configuration: PortalConfiguration,
  form: Record<string, string>,
): string {
  const action = form.action ?? "";
  if (action === "update_card") {
    if (!configuration.features.payment_method_update.enabled)
      throw new Error("Updating the payment method is not enabled.");
    const validation = validateCardForm(
      form.cardNumber ?? "",
      form.cardExpiry ?? "",
      form.cardCvc ?? "",
      context.clock.now(),
    );
    if (!validation.ok) throw new CardFormError(validation.message, validation.field);
    setDefaultCard(context, session.customer, validation.card);
    retryOpenInvoices(context, session.customer);
    return "Your payment method was updated.";
  }
  const subscription = context.store.state.subscriptions[form.subscription ?? ""];
  if (!subscription || subscription.customer !== session.customer) throw new Error("That subscription was not found.");
  if (action === "cancel") {
    const cancel = configuration.features.subscription_cancel;
    if (!cancel.enabled) throw new Error("Canceling is not enabled.");
    // Canceling drops a scheduled plan change: the schedule lets go of the subscription first.
    const schedule = scheduleOf(context, subscription);
    if (schedule && cancel.mode === "at_period_end") releaseSchedule(context, schedule);
    if (cancel.mode === "immediately") {
      cancelNow(context, subscription, "cancellation_requested");
      return "Your plan was canceled.";
    }
    setCancelAtPeriodEnd(context, subscription, true);
    return `Your plan will be canceled on ${formatDay(firstItem(subscription).current_period_end)}.`;
  }
  if (action === "renew") {
    setCancelAtPeriodEnd(context, subscription, false);
    return "Your plan was renewed.";
  }
  if (action === "cancel_scheduled_change") {
    const managed = portalSchedule(context, configuration, subscription);
    if (!managed?.next) throw new Error("This plan has no scheduled change.");
    releaseSchedule(context, managed.schedule);
    return "Your scheduled plan change was canceled.";
  }
  if (action === "switch_plan") return switchPlan(context, configuration, subscription, form.price ?? "");
  throw new Error("Unknown action.");
}

/**
 * A plan switch: a trialing subscription switches now, ending the trial with a
 * charge for the new price (`end_trial`) or keeping it (`continue_trial`); a
 * switch meeting a `schedule_at_period_end` condition waits for the period end
 * on a schedule; any other applies now with the configured proration and lets
 * go of a pending switch first.
 */
function switchPlan(
  context: EmulatorContext,
  configuration: PortalConfiguration,
  subscription: Subscription,
  priceId: string,
): string {
  const price = allowedPrices(context, configuration).find((candidate) => candidate.id === priceId);
  if (!price) throw new Error("That plan is not available.");
  if (subscription.status === "canceled") throw new Error("A canceled plan cannot be changed.");
  if (subscription.cancel_at_period_end || subscription.cancel_at !== null)
    throw new Error("Renew your plan before changing it.");
  const managed = portalSchedule(context, configuration, subscription);
  if (subscription.schedule && !managed)
    throw new Error("This plan has a scheduled change and cannot be updated here.");
  const update = configuration.features.subscription_update;
  const prorationBehavior = update.proration_behavior as ProrationBehavior;
  const item = firstItem(subscription);
  const current = context.store.state.prices[item.price.id] ?? item.price;
  const quantity = item.quantity ?? 1;
  if (price.id === current.id) {
    if (!managed?.next) throw new Error("That is already your plan.");
    releaseSchedule(context, managed.schedule);
    return "Your scheduled plan change was canceled.";
  }
  if (subscription.status === "trialing") {
    if (managed) releaseSchedule(context, managed.schedule);
    if (update.trial_update_behavior === "end_trial") {
      endTrialNow(context, subscription, { price: price.id, prorationBehavior }, undefined, snapshot(subscription));
      return "Your plan was updated and your trial has ended.";
    }
    changePrice(context, subscription, { price: price.id, prorationBehavior });
    return "Your plan was updated.";
  }
  if (switchesAtPeriodEnd(configuration, current, price)) {
    scheduleSwitchAtPeriodEnd(context, subscription, price, quantity);
    return `Your plan changes to ${priceLabel(context, price)} on ${formatDay(item.current_period_end)}.`;
  }
  if (managed) releaseSchedule(context, managed.schedule);
  changePrice(context, subscription, { price: price.id, prorationBehavior });
  return "Your plan was updated.";
}

/** Serves the customer portal at `/p/session/:id`: plan, cancel/renew, plan switch, card update, invoices. */
export function handlePortalPage(
  context: EmulatorContext,
  method: string,
  sessionId: string,
  form: Record<string, string>,
  query: URLSearchParams,
): PageResponse {
  const session = context.store.state.portalSessions[sessionId];
  if (!session) return notFoundPage("This portal session does not exist.");
  const configuration =
    context.store.state.portalConfigurations[
      typeof session.configuration === "string" ? session.configuration : session.configuration.id
    ];
  if (!configuration) return notFoundPage("This portal session's configuration no longer exists.");
  if (method === "GET") return render(context, session, configuration, query.get("notice"), null);
  if (form.action === "cancel" && form.confirm !== "yes")
    return confirmCancel(context, session, form.subscription ?? "");
  try {
    const notice = act(context, session, configuration, form);
    return { redirect: `/p/session/${session.id}?notice=${encodeURIComponent(notice)}` };
  } catch (error) {
    const message = error instanceof StripeApiError || error instanceof Error ? error.message : String(error);
    const typed =
      form.action === "update_card"
        ? {
            cardNumber: form.cardNumber ?? "",
            cardExpiry: form.cardExpiry ?? "",
            cardCvc: form.cardCvc ?? "",
            invalid: error instanceof CardFormError ? error.field : undefined,
          }
        : {};
    return render(context, session, configuration, null, message, typed);
  }
}

/** Stripe's portal asks before canceling: what ends, and when. */
function confirmCancel(context: EmulatorContext, session: PortalSession, subscriptionId: string): PageResponse {
  const subscription = context.store.state.subscriptions[subscriptionId];
  if (!subscription || subscription.customer !== session.customer || subscription.status === "canceled")
    return notFoundPage("That subscription was not found.");
  const price = context.store.state.prices[firstItem(subscription).price.id] ?? firstItem(subscription).price;
  const action = `/p/session/${session.id}`;
  const body = html`<main>
    <section class="panel">
      <h1>Cancel your plan</h1>
      <p><strong>${priceLabel(context, price)}</strong></p>
      <p data-testid="cancel-consequence">
        Your plan will be canceled, but it stays available until the end of your billing period on
        ${formatDay(firstItem(subscription).current_period_end)}. You can renew it any time before then.
      </p>
      <div class="actions">
        <form method="post" action="${action}">
          <input type="hidden" name="subscription" value="${subscription.id}" />
          <input type="hidden" name="action" value="cancel" />
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" class="danger" id="confirm-cancel">Cancel plan</button>
        </form>
        <a href="${action}" id="go-back">Go back</a>
      </div>
    </section>
  </main>`;
  return { status: 200, html: page("Cancel your plan", body) };
}

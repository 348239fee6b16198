import {
  applyItemPrice,
  cancelNow,
  changePrice,
  emitUpdated,
  firstItem,
  renew,
  type ProrationBehavior,
} from "./billing";
import { addInterval } from "./clock";
import type { EmulatorContext } from "./context";
import { invalidRequest } from "./errors";
import { newId } from "./ids";
import {
  changedAttributes,
  snapshot,
  type Price,
  type SchedulePhase,
  type Subscription,
  type SubscriptionSchedule,
} from "./store";

export type EndBehavior = "release" | "cancel";

/** A phase as `POST /v1/subscription_schedules/:id` takes it (the subset the emulator runs). */
export interface PhaseInput {
  items?: { price?: string; quantity?: number }[];
  start_date?: number;
  end_date?: number;
  duration?: { interval?: "day" | "week" | "month" | "year"; interval_count?: number };
  proration_behavior?: ProrationBehavior;
}

function phaseOf(
  price: Price,
  quantity: number,
  start: number,
  end: number,
  prorationBehavior: ProrationBehavior,
  trialEnd: number | null,
): SchedulePhase {
  return {
    add_invoice_items: [],
    application_fee_percent: null,
    billing_cycle_anchor: null,
    billing_thresholds: null,
    collection_method: null,
    currency: price.currency,
    default_payment_method: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    end_date: end,
    invoice_settings: null,
    items: [
      {
        billing_thresholds: null,
        discounts: [],
        metadata: {},
        plan: price.id,
        price: price.id,
        quantity,
        tax_rates: [],
      },
    ],
    metadata: {},
    on_behalf_of: null,
    proration_behavior: prorationBehavior,
    start_date: start,
    transfer_data: null,
    trial_end: trialEnd,
  };
}

/** `from_subscription`: one phase holding the subscription's current price until its current period ends. */
export function scheduleFromSubscription(
  context: EmulatorContext,
  subscription: Subscription,
  metadata: Record<string, string>,
): SubscriptionSchedule {
  if (subscription.schedule) {
    throw invalidRequest(
      `You cannot migrate a subscription that is already attached to a schedule: \`${subscription.schedule as string}\`.`,
      "from_subscription",
    );
  }
  if (subscription.status === "canceled" || subscription.status === "incomplete_expired") {
    throw invalidRequest(
      `You cannot migrate a subscription that is in the \`${subscription.status}\` status.`,
      "from_subscription",
    );
  }
  const item = firstItem(subscription);
  const price = context.store.state.prices[item.price.id] ?? item.price;
  const phase = phaseOf(
    price,
    item.quantity ?? 1,
    item.current_period_start,
    item.current_period_end,
    "create_prorations",
    subscription.status === "trialing" ? subscription.trial_end : null,
  );
  const schedule: SubscriptionSchedule = {
    id: newId("sub_sched"),
    object: "subscription_schedule",
    application: null,
    billing_mode: { flexible: null, type: "classic" },
    canceled_at: null,
    completed_at: null,
    created: context.clock.now(),
    current_phase: { start_date: phase.start_date, end_date: phase.end_date },
    customer: subscription.customer,
    customer_account: null,
    default_settings: {
      application_fee_percent: null,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null },
      billing_cycle_anchor: "automatic",
      billing_thresholds: null,
      collection_method: "charge_automatically",
      default_payment_method: subscription.default_payment_method,
      description: null,
      invoice_settings: {
        account_tax_ids: null,
        custom_fields: null,
        days_until_due: null,
        description: null,
        footer: null,
        issuer: { type: "self" },
      },
      on_behalf_of: null,
      transfer_data: null,
    },
    // A subscription already set to cancel keeps that as the schedule's end.
    end_behavior: subscription.cancel_at !== null ? "cancel" : "release",
    livemode: false,
    metadata,
    pause_schedules: [],
    phases: [phase],
    released_at: null,
    released_subscription: null,
    status: "active",
    subscription: subscription.id,
    test_clock: null,
  };
  context.store.state.subscriptionSchedules[schedule.id] = schedule;
  context.emit("subscription_schedule.created", snapshot(schedule));
  const before = snapshot(subscription);
  subscription.schedule = schedule.id;
  syncCancelAt(schedule, subscription);
  emitUpdated(context, before, subscription);
  return schedule;
}

export function scheduledSubscription(context: EmulatorContext, schedule: SubscriptionSchedule): Subscription {
  const subscription = context.store.state.subscriptions[schedule.subscription as string];
  if (!subscription) throw invalidRequest(`Subscription schedule ${schedule.id} has no subscription.`);
  return subscription;
}

function requireLive(schedule: SubscriptionSchedule, verb: string): void {
  if (schedule.status !== "active" && schedule.status !== "not_started") {
    throw invalidRequest(
      `You cannot ${verb} a subscription schedule that is currently in the \`${schedule.status}\` status. It must be in \`not_started\` or \`active\`.`,
    );
  }
}

function recurringPrice(context: EmulatorContext, id: string | undefined, param: string): Price {
  if (!id) throw invalidRequest(`Missing required param: ${param}.`, param, "parameter_missing");
  const price = context.store.state.prices[id];
  if (!price) throw invalidRequest(`No such price: '${id}'`, param, "resource_missing");
  if (!price.active)
    throw invalidRequest("The price specified is inactive. This field only accepts active prices.", param);
  if (!price.recurring) throw invalidRequest(`The price specified (${id}) is not recurring.`, param);
  return price;
}

/**
 * Turns the phases of an update into stored phases. Past phases may be left
 * out, so the first one given is the current phase and keeps its start; each
 * later phase starts where the previous one ends, and lasts until `end_date`,
 * for `duration`, or else one billing interval of its price.
 */
function resolvePhases(
  context: EmulatorContext,
  schedule: SubscriptionSchedule,
  inputs: PhaseInput[],
  subscription: Subscription,
): SchedulePhase[] {
  const currentStart = schedule.current_phase?.start_date ?? context.clock.now();
  const phases: SchedulePhase[] = [];
  inputs.forEach((input, index) => {
    const param = `phases[${index}]`;
    const start = phases[index - 1]?.end_date ?? currentStart;
    if (input.start_date !== undefined && input.start_date !== start) {
      throw invalidRequest(
        index === 0
          ? "You can not modify the start date of the current phase."
          : `The start_date of ${param} must equal the end_date of the phase before it.`,
        `${param}[start_date]`,
      );
    }
    const items = input.items ?? [];
    if (items.length !== 1) {
      throw invalidRequest("The emulator runs schedule phases with exactly one item.", `${param}[items]`);
    }
    const price = recurringPrice(context, items[0]?.price, `${param}[items][0][price]`);
    if (input.end_date !== undefined && input.duration !== undefined) {
      throw invalidRequest(`You may only specify one of these parameters: duration, end_date.`, param);
    }
    let end: number;
    if (input.end_date !== undefined) end = input.end_date;
    else if (input.duration?.interval)
      end = addInterval(start, input.duration.interval, input.duration.interval_count ?? 1);
    else end = addInterval(start, price.recurring?.interval ?? "month", price.recurring?.interval_count ?? 1);
    if (end <= start || end <= context.clock.now()) {
      throw invalidRequest(
        `The end_date of ${param} must be after its start_date and in the future.`,
        `${param}[end_date]`,
      );
    }
    const trialEnd = index === 0 && subscription.status === "trialing" ? subscription.trial_end : null;
    phases.push(
      phaseOf(price, items[0]?.quantity ?? 1, start, end, input.proration_behavior ?? "create_prorations", trialEnd),
    );
  });
  return phases;
}

/**
 * A schedule that ends by canceling shows that as the subscription's `cancel_at`,
 * as Stripe does; the schedule, not `cancel_at_period_end`, now owns the cancellation.
 */
function syncCancelAt(schedule: SubscriptionSchedule, subscription: Subscription): void {
  const last = schedule.phases[schedule.phases.length - 1];
  subscription.cancel_at_period_end = false;
  subscription.cancel_at = schedule.end_behavior === "cancel" && last ? last.end_date : null;
}

function emitScheduleUpdated(context: EmulatorContext, before: SubscriptionSchedule, schedule: SubscriptionSchedule) {
  const previous = changedAttributes(before, schedule);
  context.store.changed();
  if (Object.keys(previous).length > 0) context.emit("subscription_schedule.updated", snapshot(schedule), previous);
}

/**
 * `POST /v1/subscription_schedules/:id`: new phases and end behaviour. A
 * current phase with another price than the subscription's switches it now,
 * with `proration_behavior`; later phases take effect when the clock reaches them.
 */
export function updateSchedule(
  context: EmulatorContext,
  schedule: SubscriptionSchedule,
  update: {
    phases?: PhaseInput[];
    endBehavior?: EndBehavior;
    metadata?: Record<string, string>;
    prorationBehavior?: ProrationBehavior;
  },
): void {
  requireLive(schedule, "update");
  const subscription = scheduledSubscription(context, schedule);
  const phases = update.phases ? resolvePhases(context, schedule, update.phases, subscription) : schedule.phases;
  const beforeSchedule = snapshot(schedule);
  const before = snapshot(subscription);
  if (update.metadata) schedule.metadata = update.metadata;
  if (update.endBehavior) schedule.end_behavior = update.endBehavior;
  schedule.phases = phases;
  const current = phases[0];
  if (current) schedule.current_phase = { start_date: current.start_date, end_date: current.end_date };
  syncCancelAt(schedule, subscription);
  const wanted = current?.items[0];
  const item = firstItem(subscription);
  if (current && wanted && (wanted.price !== item.price.id || (wanted.quantity ?? 1) !== (item.quantity ?? 1))) {
    const prorationBehavior = update.prorationBehavior ?? (current.proration_behavior as ProrationBehavior);
    changePrice(
      context,
      subscription,
      { price: wanted.price as string, quantity: wanted.quantity ?? 1, prorationBehavior },
      before,
    );
  } else {
    emitUpdated(context, before, subscription);
  }
  emitScheduleUpdated(context, beforeSchedule, schedule);
}

/**
 * Stops the schedule and leaves the subscription running as it is. Unless
 * `preserveCancelDate`, a cancellation the schedule had set is dropped.
 */
export function releaseSchedule(
  context: EmulatorContext,
  schedule: SubscriptionSchedule,
  preserveCancelDate = false,
): void {
  requireLive(schedule, "release");
  const subscription = scheduledSubscription(context, schedule);
  const before = snapshot(subscription);
  delete context.store.state.portalSchedules[schedule.id];
  schedule.status = "released";
  schedule.released_at = context.clock.now();
  schedule.released_subscription = subscription.id;
  schedule.subscription = null;
  schedule.current_phase = null;
  subscription.schedule = null;
  if (schedule.end_behavior === "cancel" && !preserveCancelDate) subscription.cancel_at = null;
  emitUpdated(context, before, subscription);
  context.emit("subscription_schedule.released", snapshot(schedule));
}

/** `POST .../cancel`: the schedule and its subscription end now (`cancelNow` marks the schedule canceled). */
export function cancelSchedule(context: EmulatorContext, schedule: SubscriptionSchedule): void {
  requireLive(schedule, "cancel");
  cancelNow(context, scheduledSubscription(context, schedule), "cancellation_requested");
}

/**
 * The clock reached the end of the current phase: the next phase's price takes
 * over (at a period end it bills the renewal, mid-period it prorates), or after
 * the last phase the end behaviour releases the subscription or cancels it.
 */
export function advanceSchedule(context: EmulatorContext, schedule: SubscriptionSchedule): void {
  const subscription = scheduledSubscription(context, schedule);
  const boundary = schedule.current_phase?.end_date;
  const next = schedule.phases.find((phase) => phase.start_date === boundary);
  if (!next) {
    if (schedule.end_behavior === "cancel") {
      schedule.status = "completed";
      schedule.completed_at = context.clock.now();
      schedule.current_phase = null;
      cancelNow(context, subscription, "cancellation_requested");
      context.emit("subscription_schedule.completed", snapshot(schedule));
    } else {
      releaseSchedule(context, schedule);
    }
    return;
  }
  const beforeSchedule = snapshot(schedule);
  schedule.current_phase = { start_date: next.start_date, end_date: next.end_date };
  const wanted = next.items[0];
  const price = context.store.state.prices[wanted?.price as string];
  const item = firstItem(subscription);
  if (price && item.current_period_end === boundary) {
    const before = snapshot(subscription);
    // A price with another interval starts its own billing cycle at the phase start.
    const old = item.price.recurring;
    if (price.recurring?.interval !== old?.interval || price.recurring?.interval_count !== old?.interval_count) {
      subscription.billing_cycle_anchor = next.start_date;
    }
    applyItemPrice(item, price, wanted?.quantity ?? 1);
    renew(context, subscription, before);
  } else if (price) {
    changePrice(context, subscription, {
      price: price.id,
      quantity: wanted?.quantity ?? 1,
      prorationBehavior: next.proration_behavior as ProrationBehavior,
    });
  }
  // The portal's own schedule has done its job once the new price is on.
  if (context.store.state.portalSchedules[schedule.id]) releaseSchedule(context, schedule);
  else emitScheduleUpdated(context, beforeSchedule, schedule);
}

/**
 * The hosted portal's plan switch at the period end (`schedule_at_period_end`),
 * made as through the API: a schedule from the subscription, its current phase
 * kept until the period ends and a next phase on the new price. A schedule
 * already holding a switch has its next phase replaced instead.
 */
export function scheduleSwitchAtPeriodEnd(
  context: EmulatorContext,
  subscription: Subscription,
  price: Price,
  quantity: number,
): SubscriptionSchedule {
  const attached = subscription.schedule
    ? context.store.state.subscriptionSchedules[subscription.schedule as string]
    : undefined;
  const schedule = attached ?? scheduleFromSubscription(context, subscription, {});
  if (!attached) context.store.state.portalSchedules[schedule.id] = true;
  const current =
    schedule.phases.find((phase) => phase.start_date === schedule.current_phase?.start_date) ?? schedule.phases[0];
  const kept = current?.items[0];
  if (!current || !kept) throw invalidRequest(`Subscription schedule ${schedule.id} has no current phase.`);
  updateSchedule(context, schedule, {
    phases: [
      {
        items: [{ price: kept.price as string, quantity: kept.quantity ?? 1 }],
        start_date: current.start_date,
        end_date: current.end_date,
      },
      { items: [{ price: price.id, quantity }] },
    ],
  });
  return schedule;
}

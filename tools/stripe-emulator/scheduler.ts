import { cancelNow, firstItem, internalsOf, renew, retryInvoice, scheduleOf, trialWillEnd } from "./billing";
import { SECONDS_PER_DAY } from "./clock";
import type { EmulatorContext } from "./context";
import { expireDueSessions } from "./resources/checkout-sessions";
import { advanceSchedule } from "./schedules";

interface DueAction {
  at: number;
  run: () => void;
}

/** Stripe sends `trial_will_end` three days before the trial ends. */
const TRIAL_WILL_END_NOTICE = 3 * SECONDS_PER_DAY;
/** Guards against a bug turning clock advancement into an endless loop. */
const MAX_ACTIONS_PER_ADVANCE = 10_000;

function nextActions(context: EmulatorContext): DueAction[] {
  const actions: DueAction[] = [];
  const state = context.store.state;
  for (const session of Object.values(state.checkoutSessions)) {
    if (session.status === "open") actions.push({ at: session.expires_at, run: () => expireDueSessions(context) });
  }
  for (const subscription of Object.values(state.subscriptions)) {
    if (
      subscription.status === "canceled" ||
      subscription.status === "incomplete_expired" ||
      subscription.status === "incomplete"
    )
      continue;
    const internals = internalsOf(context, subscription.id);
    if (subscription.status === "trialing" && subscription.trial_end && !internals.trialWillEndSent) {
      const at = Math.max(subscription.trial_end - TRIAL_WILL_END_NOTICE, subscription.created);
      actions.push({ at, run: () => trialWillEnd(context, subscription) });
    }
    const periodEnd = firstItem(subscription).current_period_end;
    // Pushed before the renewal so that a phase ending at the period end sets the price the renewal bills.
    const schedule = scheduleOf(context, subscription);
    const phaseEnd = schedule?.status === "active" ? schedule.current_phase?.end_date : undefined;
    if (schedule && phaseEnd !== undefined && phaseEnd <= periodEnd) {
      actions.push({ at: phaseEnd, run: () => advanceSchedule(context, schedule) });
    }
    if (subscription.cancel_at !== null && subscription.cancel_at <= periodEnd) {
      const cancelAt = subscription.cancel_at;
      actions.push({ at: cancelAt, run: () => cancelNow(context, subscription, "cancellation_requested") });
    } else if (subscription.status !== "unpaid" && subscription.status !== "paused") {
      actions.push({ at: periodEnd, run: () => renew(context, subscription) });
    }
  }
  for (const invoice of Object.values(state.invoices)) {
    if (invoice.status === "open" && invoice.next_payment_attempt !== null) {
      actions.push({ at: invoice.next_payment_attempt, run: () => retryInvoice(context, invoice) });
    }
  }
  return actions;
}

/**
 * Runs every billing action due up to `target` in time order, each at the
 * moment it was due, then moves the clock to `target`. Returns how many ran.
 */
export function advanceTo(context: EmulatorContext, target: number): number {
  let ran = 0;
  for (; ran < MAX_ACTIONS_PER_ADVANCE; ran++) {
    const due = nextActions(context)
      .filter((action) => action.at <= target)
      .sort((a, b) => a.at - b.at)[0];
    if (!due) break;
    context.clock.jumpTo(due.at);
    context.clock.at(due.at, due.run);
  }
  context.clock.jumpTo(target);
  return ran;
}

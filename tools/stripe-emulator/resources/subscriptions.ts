import {
  applyCancelAtPeriodEnd,
  cancelNow,
  changePrice,
  createSubscription,
  emitUpdated,
  endTrialNow,
  extendTrial,
  type PriceChange,
} from "../billing";
import { SECONDS_PER_DAY } from "../clock";
import type { EmulatorContext } from "../context";
import { invalidRequest, resourceMissing } from "../errors";
import { present } from "../expand";
import { newestFirst, paginate } from "../lists";
import {
  arrayOf,
  bool,
  expandable,
  int,
  metadata,
  mergeMetadata,
  object,
  oneOf,
  pagination,
  parseParams,
  requireParam,
  str,
  type Params,
} from "../params";
import type { Router } from "../router";
import { snapshot, type Subscription } from "../store";
import { getCustomer } from "./customers";

const prorationBehavior = oneOf("create_prorations", "always_invoice", "none");
const cancellationDetails = object({
  comment: str,
  feedback: oneOf(
    "customer_service",
    "low_quality",
    "missing_features",
    "other",
    "switched_service",
    "too_complex",
    "too_expensive",
    "unused",
  ),
});

export const updateFields = {
  ...expandable,
  items: arrayOf(object({ id: str, price: str, quantity: int })),
  proration_behavior: prorationBehavior,
  proration_date: int,
  cancel_at_period_end: bool,
  metadata,
  description: str,
  default_payment_method: str,
  payment_behavior: oneOf("allow_incomplete", "error_if_incomplete"),
  billing_cycle_anchor: object({ type: oneOf("unchanged") }),
  cancellation_details: cancellationDetails,
  trial_end: str,
} as const;

/** `trial_end` is `"now"` or a unix timestamp. */
function parseTrialEnd(value: string | undefined): "now" | number | undefined {
  if (value === undefined || value === "now") return value;
  if (!/^\d+$/.test(value)) throw invalidRequest(`Invalid integer: ${value}`, "trial_end", "parameter_invalid_integer");
  return Number(value);
}

/** `POST /v1/subscriptions/:id` on a live subscription; throws before emitting anything when it refuses. */
function applyUpdate(
  context: EmulatorContext,
  subscription: Subscription,
  before: Subscription,
  input: Params<typeof updateFields>,
  trialEnd: "now" | number | undefined,
): void {
  subscription.metadata = mergeMetadata(subscription.metadata, input.metadata);
  if (input.description !== undefined) subscription.description = input.description || null;
  if (input.cancellation_details) {
    subscription.cancellation_details = {
      comment: input.cancellation_details.comment ?? subscription.cancellation_details?.comment ?? null,
      feedback: input.cancellation_details.feedback ?? subscription.cancellation_details?.feedback ?? null,
      feedback_option: null,
      reason: subscription.cancellation_details?.reason ?? null,
    };
  }
  if (input.default_payment_method !== undefined) {
    const id = input.default_payment_method;
    if (id && !context.store.state.paymentMethods[id])
      throw resourceMissing("PaymentMethod", id, "default_payment_method");
    subscription.default_payment_method = id || null;
  }
  if (input.cancel_at_period_end !== undefined)
    applyCancelAtPeriodEnd(context, subscription, input.cancel_at_period_end);
  if (input.items && input.items.length > 1)
    throw invalidRequest("The emulator supports updating one subscription item per request.", "items");
  const item = input.items?.[0];
  let change: PriceChange | undefined;
  if (item && (item.price !== undefined || item.quantity !== undefined)) {
    const current = item.id
      ? subscription.items.data.find((candidate) => candidate.id === item.id)
      : subscription.items.data[0];
    if (!current) throw resourceMissing("subscription_item", item.id ?? "", "items[0][id]");
    change = {
      itemId: current.id,
      price: item.price ?? current.price.id,
      ...(item.quantity !== undefined ? { quantity: item.quantity } : {}),
      prorationBehavior: input.proration_behavior ?? "create_prorations",
      ...(input.payment_behavior !== undefined ? { paymentBehavior: input.payment_behavior } : {}),
      ...(input.proration_date !== undefined ? { prorationDate: input.proration_date } : {}),
    };
  }
  // Ending a trial bills the whole new period, so a price change in the same call is folded into that invoice.
  if (trialEnd === "now" && subscription.status === "trialing") {
    endTrialNow(context, subscription, change, input.payment_behavior, before);
    return;
  }
  if (typeof trialEnd === "number") extendTrial(context, subscription, trialEnd);
  if (change) changePrice(context, subscription, change, before);
  else emitUpdated(context, before, subscription);
}

export function getSubscription(context: EmulatorContext, id: string, param = "id"): Subscription {
  const subscription = context.store.state.subscriptions[id];
  if (!subscription) throw resourceMissing("subscription", id, param);
  return subscription;
}

export function registerSubscriptions(router: Router, context: EmulatorContext): void {
  const state = () => context.store.state;

  router.on("POST", "/v1/subscriptions", ({ params }) => {
    const input = parseParams(
      {
        ...expandable,
        customer: str,
        items: arrayOf(object({ price: str, quantity: int })),
        default_payment_method: str,
        trial_period_days: int,
        metadata,
        description: str,
        payment_behavior: oneOf("allow_incomplete", "error_if_incomplete"),
      },
      params,
    );
    const customer = getCustomer(context, requireParam(input.customer, "customer"), "customer");
    const items = requireParam(input.items, "items");
    if (items.length === 0) throw invalidRequest("Missing required param: items.", "items", "parameter_missing");
    const paymentMethod = input.default_payment_method;
    if (paymentMethod) {
      const found = state().paymentMethods[paymentMethod];
      if (!found) throw resourceMissing("PaymentMethod", paymentMethod, "default_payment_method");
      if (found.customer !== customer.id) {
        throw invalidRequest(
          `The customer does not have a payment method with the ID ${paymentMethod}.`,
          "default_payment_method",
        );
      }
    }
    const subscription = createSubscription(
      context,
      {
        customer: customer.id,
        items: items.map((item, index) => ({
          price: requireParam(item.price, `items[${index}][price]`),
          quantity: item.quantity ?? 1,
        })),
        trialEnd: input.trial_period_days ? context.clock.now() + input.trial_period_days * SECONDS_PER_DAY : null,
        metadata: mergeMetadata({}, input.metadata),
        defaultPaymentMethod: paymentMethod ?? null,
        description: input.description ?? null,
      },
      input.payment_behavior ?? "allow_incomplete",
    );
    return present(context, subscription, input.expand);
  });

  router.on("GET", "/v1/subscriptions/:id", ({ params, pathParams }) => {
    const input = parseParams(expandable, params);
    return present(context, getSubscription(context, pathParams.id ?? ""), input.expand);
  });

  router.on("GET", "/v1/subscriptions", ({ params }) => {
    const input = parseParams(
      {
        ...pagination,
        customer: str,
        price: str,
        status: oneOf(
          "active",
          "all",
          "canceled",
          "ended",
          "incomplete",
          "incomplete_expired",
          "past_due",
          "paused",
          "trialing",
          "unpaid",
        ),
      },
      params,
    );
    const subscriptions = newestFirst(state().subscriptions).filter((subscription) => {
      if (input.customer !== undefined && subscription.customer !== input.customer) return false;
      if (input.price !== undefined && !subscription.items.data.some((item) => item.price.id === input.price))
        return false;
      // Without a status filter Stripe leaves out canceled subscriptions.
      if (input.status === undefined)
        return subscription.status !== "canceled" && subscription.status !== "incomplete_expired";
      if (input.status === "all") return true;
      if (input.status === "ended")
        return subscription.status === "canceled" || subscription.status === "incomplete_expired";
      return subscription.status === input.status;
    });
    return paginate(context, subscriptions, input, "/v1/subscriptions");
  });

  router.on("POST", "/v1/subscriptions/:id", ({ params, pathParams }) => {
    const input = parseParams(updateFields, params);
    const trialEnd = parseTrialEnd(input.trial_end);
    const subscription = getSubscription(context, pathParams.id ?? "");
    const before = snapshot(subscription);
    const onlyBookkeeping =
      input.items === undefined &&
      input.cancel_at_period_end === undefined &&
      input.default_payment_method === undefined &&
      trialEnd === undefined;
    if (subscription.status === "canceled" && !onlyBookkeeping) {
      throw invalidRequest("A canceled subscription can only update its cancellation_details and metadata.");
    }
    try {
      applyUpdate(context, subscription, before, input, trialEnd);
    } catch (error) {
      // Stripe applies an update entirely or not at all (e.g. metadata sent along with a declined price change).
      state().subscriptions[subscription.id] = before;
      throw error;
    }
    context.store.changed();
    return present(context, subscription, input.expand);
  });

  router.on("DELETE", "/v1/subscriptions/:id", ({ params, pathParams }) => {
    const input = parseParams({ ...expandable, cancellation_details: cancellationDetails }, params);
    const subscription = getSubscription(context, pathParams.id ?? "");
    if (subscription.status === "canceled") {
      throw invalidRequest(`No such subscription: '${subscription.id}'`, "id", "resource_missing");
    }
    if (input.cancellation_details && subscription.cancellation_details) {
      subscription.cancellation_details.comment = input.cancellation_details.comment ?? null;
      subscription.cancellation_details.feedback = input.cancellation_details.feedback ?? null;
    }
    cancelNow(context, subscription, "cancellation_requested");
    return present(context, subscription, input.expand);
  });
}

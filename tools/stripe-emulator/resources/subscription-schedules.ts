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
  str,
} from "../params";
import type { Router } from "../router";
import { cancelSchedule, releaseSchedule, scheduleFromSubscription, updateSchedule } from "../schedules";
import type { SubscriptionSchedule } from "../store";
import { getSubscription } from "./subscriptions";

const prorationBehavior = oneOf("create_prorations", "always_invoice", "none");
const endBehavior = oneOf("release", "cancel");

/** `iterations` is not here: API versions since 2025-09-30 refuse it in favour of `duration`. */
const phase = object({
  items: arrayOf(object({ price: str, quantity: int })),
  start_date: int,
  end_date: int,
  duration: object({ interval: oneOf("day", "week", "month", "year"), interval_count: int }),
  proration_behavior: prorationBehavior,
});

export function getSchedule(context: EmulatorContext, id: string): SubscriptionSchedule {
  const schedule = context.store.state.subscriptionSchedules[id];
  if (!schedule) throw resourceMissing("subscription schedule", id);
  return schedule;
}

export function registerSubscriptionSchedules(router: Router, context: EmulatorContext): void {
  router.on("POST", "/v1/subscription_schedules", ({ params }) => {
    const input = parseParams(
      {
        ...expandable,
        from_subscription: str,
        metadata,
        customer: str,
        phases: arrayOf(phase),
        start_date: str,
        end_behavior: endBehavior,
      },
      params,
    );
    if (input.from_subscription === undefined) {
      throw invalidRequest(
        "The emulator creates subscription schedules from existing subscriptions: pass `from_subscription`.",
        "from_subscription",
        "parameter_missing",
      );
    }
    // Stripe copies everything else from the subscription and refuses it alongside `from_subscription`.
    for (const name of ["customer", "phases", "start_date", "end_behavior"] as const) {
      if (input[name] !== undefined) {
        throw invalidRequest(`You cannot set \`${name}\` if \`from_subscription\` is set.`, name);
      }
    }
    const subscription = getSubscription(context, input.from_subscription, "from_subscription");
    const schedule = scheduleFromSubscription(context, subscription, mergeMetadata({}, input.metadata));
    return present(context, schedule, input.expand);
  });

  router.on("GET", "/v1/subscription_schedules/:id", ({ params, pathParams }) => {
    const input = parseParams(expandable, params);
    return present(context, getSchedule(context, pathParams.id ?? ""), input.expand);
  });

  router.on("GET", "/v1/subscription_schedules", ({ params }) => {
    const input = parseParams({ ...pagination, customer: str }, params);
    const schedules = newestFirst(context.store.state.subscriptionSchedules).filter(
      (schedule) => input.customer === undefined || schedule.customer === input.customer,
    );
    return paginate(context, schedules, input, "/v1/subscription_schedules");
  });

  router.on("POST", "/v1/subscription_schedules/:id", ({ params, pathParams }) => {
    const input = parseParams(
      {
        ...expandable,
        phases: arrayOf(phase),
        end_behavior: endBehavior,
        metadata,
        proration_behavior: prorationBehavior,
      },
      params,
    );
    const schedule = getSchedule(context, pathParams.id ?? "");
    updateSchedule(context, schedule, {
      ...(input.phases !== undefined ? { phases: input.phases } : {}),
      ...(input.end_behavior !== undefined ? { endBehavior: input.end_behavior } : {}),
      ...(input.metadata !== undefined ? { metadata: mergeMetadata(schedule.metadata ?? {}, input.metadata) } : {}),
      ...(input.proration_behavior !== undefined ? { prorationBehavior: input.proration_behavior } : {}),
    });
    // Once its phases or end are changed through the API, a schedule the portal made runs like any other.
    if (input.phases !== undefined || input.end_behavior !== undefined)
      delete context.store.state.portalSchedules[schedule.id];
    return present(context, schedule, input.expand);
  });

  router.on("POST", "/v1/subscription_schedules/:id/release", ({ params, pathParams }) => {
    const input = parseParams({ ...expandable, preserve_cancel_date: bool }, params);
    const schedule = getSchedule(context, pathParams.id ?? "");
    releaseSchedule(context, schedule, input.preserve_cancel_date ?? false);
    return present(context, schedule, input.expand);
  });

  router.on("POST", "/v1/subscription_schedules/:id/cancel", ({ params, pathParams }) => {
    const input = parseParams(expandable, params);
    const schedule = getSchedule(context, pathParams.id ?? "");
    cancelSchedule(context, schedule);
    return present(context, schedule, input.expand);
  });
}

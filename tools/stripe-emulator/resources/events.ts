import type { EmulatorContext } from "../context";
import { resourceMissing } from "../errors";
import { present } from "../expand";
import { newestFirst, paginate } from "../lists";
import { arrayOf, expandable, pagination, parseParams, str } from "../params";
import type { Router } from "../router";

export function registerEvents(router: Router, context: EmulatorContext): void {
  router.on("GET", "/v1/events/:id", ({ params, pathParams }) => {
    const input = parseParams(expandable, params);
    const id = pathParams.id ?? "";
    const event = context.store.state.events[id];
    if (!event) throw resourceMissing("event", id);
    return present(context, event, input.expand);
  });

  router.on("GET", "/v1/events", ({ params }) => {
    const input = parseParams({ ...pagination, type: str, types: arrayOf(str) }, params);
    // `type` accepts Stripe's `*` wildcard, e.g. `invoice.*`.
    const pattern = input.type ? new RegExp(`^${input.type.replace(/\./g, "\\.").replace(/\*/g, ".*")}$`) : undefined;
    const events = newestFirst(context.store.state.events).filter(
      (event) => (!pattern || pattern.test(event.type)) && (!input.types || input.types.includes(event.type)),
    );
    return paginate(context, events, input, "/v1/events");
  });
}

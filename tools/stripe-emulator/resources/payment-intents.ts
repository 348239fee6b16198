import type { EmulatorContext } from "../context";
import { resourceMissing } from "../errors";
import { present } from "../expand";
import { newestFirst, paginate } from "../lists";
import { expandable, pagination, parseParams, str } from "../params";
import type { Router } from "../router";

/** Read-only: payment intents only come from payment-mode checkouts here. */
export function registerPaymentIntents(router: Router, context: EmulatorContext): void {
  router.on("GET", "/v1/payment_intents/:id", ({ params, pathParams }) => {
    const input = parseParams(expandable, params);
    const id = pathParams.id ?? "";
    const paymentIntent = context.store.state.paymentIntents[id];
    if (!paymentIntent) throw resourceMissing("payment_intent", id);
    return present(context, paymentIntent, input.expand);
  });

  router.on("GET", "/v1/payment_intents", ({ params }) => {
    const input = parseParams({ ...pagination, customer: str }, params);
    const paymentIntents = newestFirst(context.store.state.paymentIntents).filter(
      (paymentIntent) => input.customer === undefined || paymentIntent.customer === input.customer,
    );
    return paginate(context, paymentIntents, input, "/v1/payment_intents");
  });
}

import type { EmulatorContext } from "../context";
import { resourceMissing } from "../errors";
import { present } from "../expand";
import { newestFirst, paginate } from "../lists";
import { expandable, pagination, parseParams, str } from "../params";
import type { Router } from "../router";
import type { Charge } from "../store";

export function getCharge(context: EmulatorContext, id: string, param = "id"): Charge {
  const charge = context.store.state.charges[id];
  if (!charge) throw resourceMissing("charge", id, param);
  return charge;
}

/** Charges are made by confirming PaymentIntents and paying invoices; here they are read. */
export function registerCharges(router: Router, context: EmulatorContext): void {
  router.on("GET", "/v1/charges/:id", ({ params, pathParams }) => {
    const input = parseParams(expandable, params);
    return present(context, getCharge(context, pathParams.id ?? ""), input.expand);
  });

  router.on("GET", "/v1/charges", ({ params }) => {
    const input = parseParams({ ...pagination, customer: str, payment_intent: str }, params);
    const charges = newestFirst(context.store.state.charges).filter(
      (charge) =>
        (input.customer === undefined || charge.customer === input.customer) &&
        (input.payment_intent === undefined || charge.payment_intent === input.payment_intent),
    );
    return paginate(context, charges, input, "/v1/charges");
  });
}

import type { EmulatorContext } from "../context";
import { resourceMissing } from "../errors";
import { present } from "../expand";
import { newestFirst, paginate } from "../lists";
import { bool, expandable, metadata, mergeMetadata, object, oneOf, pagination, parseParams, str, url } from "../params";
import { buildSetupIntent, confirmSetupIntent, declinedError } from "../payments";
import type { Router } from "../router";
import type { SetupIntent } from "../store";
import { getCustomer } from "./customers";
import { checkClientSecret, confirmingPaymentMethod, registerIntentRetrieve, stripeJsFields } from "./payment-intents";
import { paymentMethodForIntent } from "./payment-methods";

export const createFields = {
  ...expandable,
  customer: str,
  usage: oneOf("off_session", "on_session"),
  automatic_payment_methods: object({ enabled: bool, allow_redirects: oneOf("always", "never") }),
  description: str,
  metadata,
  payment_method: str,
} as const;

export const confirmFields = {
  ...expandable,
  payment_method: str,
  return_url: url,
} as const;

export function getSetupIntent(context: EmulatorContext, id: string, param = "intent"): SetupIntent {
  const setupIntent = context.store.state.setupIntents[id];
  if (!setupIntent) throw resourceMissing("setup_intent", id, param);
  return setupIntent;
}

export function registerSetupIntents(router: Router, context: EmulatorContext): void {
  router.on("POST", "/v1/setup_intents", ({ params }) => {
    const input = parseParams(createFields, params);
    const customer = input.customer ? getCustomer(context, input.customer, "customer").id : null;
    const setupIntent = buildSetupIntent(context, {
      customer,
      description: input.description ?? null,
      metadata: mergeMetadata({}, input.metadata),
      usage: input.usage ?? "off_session",
      automaticPaymentMethods: input.automatic_payment_methods?.enabled ?? true,
    });
    if (input.payment_method) {
      setupIntent.payment_method = paymentMethodForIntent(context, input.payment_method, customer).id;
      setupIntent.status = "requires_confirmation";
    }
    return present(context, setupIntent, input.expand);
  });

  registerIntentRetrieve(router, context, "/v1/setup_intents/:id", getSetupIntent);

  router.on(
    "POST",
    "/v1/setup_intents/:id/confirm",
    (request) => {
      const input = parseParams({ ...confirmFields, ...stripeJsFields }, request.params);
      const setupIntent = getSetupIntent(context, request.pathParams.id ?? "");
      checkClientSecret(request, setupIntent, input.client_secret);
      const paymentMethod = confirmingPaymentMethod(context, setupIntent, input.payment_method);
      const outcome = confirmSetupIntent(context, setupIntent, paymentMethod, {
        ...(input.return_url !== undefined ? { returnUrl: input.return_url } : {}),
      });
      if (!outcome.ok) throw declinedError(outcome.decline, setupIntent);
      return present(context, setupIntent, input.expand);
    },
    { publishable: true },
  );

  router.on("GET", "/v1/setup_intents", ({ params }) => {
    const input = parseParams({ ...pagination, customer: str, payment_method: str }, params);
    const setupIntents = newestFirst(context.store.state.setupIntents).filter(
      (setupIntent) =>
        (input.customer === undefined || setupIntent.customer === input.customer) &&
        (input.payment_method === undefined || setupIntent.payment_method === input.payment_method),
    );
    return paginate(context, setupIntents, input, "/v1/setup_intents");
  });
}

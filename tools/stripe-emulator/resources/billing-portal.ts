import type { EmulatorContext } from "../context";
import { invalidRequest, resourceMissing } from "../errors";
import { present } from "../expand";
import { newId } from "../ids";
import { newestFirst, paginate } from "../lists";
import {
  arrayOf,
  bool,
  expandable,
  metadata,
  mergeMetadata,
  object,
  oneOf,
  pagination,
  parseParams,
  requireParam,
  str,
  url,
  type Params,
} from "../params";
import type { Router } from "../router";
import { changedAttributes, snapshot, type PortalConfiguration, type PortalSession } from "../store";
import { getCustomer } from "./customers";
import { getPrice } from "./prices";
import { getProduct } from "./products";

const featureFields = object({
  customer_update: object({
    enabled: bool,
    allowed_updates: arrayOf(oneOf("address", "email", "name", "phone", "shipping", "tax_id")),
  }),
  invoice_history: object({ enabled: bool }),
  payment_method_update: object({ enabled: bool }),
  subscription_cancel: object({
    enabled: bool,
    mode: oneOf("at_period_end", "immediately"),
    proration_behavior: oneOf("always_invoice", "create_prorations", "none"),
    cancellation_reason: object({
      enabled: bool,
      options: arrayOf(
        oneOf(
          "customer_service",
          "low_quality",
          "missing_features",
          "other",
          "switched_service",
          "too_complex",
          "too_expensive",
          "unused",
        ),
      ),
    }),
  }),
  subscription_update: object({
    enabled: bool,
    default_allowed_updates: arrayOf(oneOf("price", "promotion_code", "quantity")),
    products: arrayOf(object({ product: str, prices: arrayOf(str) })),
    proration_behavior: oneOf("always_invoice", "create_prorations", "none"),
    schedule_at_period_end: object({
      conditions: arrayOf(object({ type: oneOf("decreasing_item_amount", "shortening_interval") })),
    }),
    trial_update_behavior: oneOf("continue_trial", "end_trial"),
  }),
});

export const configurationCreateFields = {
  ...expandable,
  name: str,
  business_profile: object({ headline: str, privacy_policy_url: url, terms_of_service_url: url }),
  default_return_url: url,
  features: featureFields,
  login_page: object({ enabled: bool }),
  metadata,
} as const;
/** Only an existing configuration can be deactivated. */
export const configurationUpdateFields = { ...configurationCreateFields, active: bool } as const;

type ConfigurationInput = Params<typeof configurationUpdateFields>;

function getConfiguration(context: EmulatorContext, id: string, param = "id"): PortalConfiguration {
  const configuration = context.store.state.portalConfigurations[id];
  if (!configuration) throw resourceMissing("configuration", id, param);
  return configuration;
}

/** Applies create/update parameters; on create `configuration` starts from Stripe's defaults. */
function applyConfiguration(
  context: EmulatorContext,
  configuration: PortalConfiguration,
  input: ConfigurationInput,
): void {
  if (input.active !== undefined) configuration.active = input.active;
  if (input.name !== undefined) configuration.name = input.name || null;
  if (input.default_return_url !== undefined) configuration.default_return_url = input.default_return_url || null;
  if (input.business_profile) {
    const profile = input.business_profile;
    configuration.business_profile = {
      headline: profile.headline ?? configuration.business_profile.headline,
      privacy_policy_url: profile.privacy_policy_url ?? configuration.business_profile.privacy_policy_url,
      terms_of_service_url: profile.terms_of_service_url ?? configuration.business_profile.terms_of_service_url,
    };
  }
  if (input.login_page?.enabled !== undefined) {
    configuration.login_page = {
      enabled: input.login_page.enabled,
      url: input.login_page.enabled ? `${context.baseUrl()}/p/login/${configuration.id}` : null,
    };
  }
  const features = input.features;
  const current = configuration.features;
  if (features?.customer_update) {
    current.customer_update = {
      enabled: features.customer_update.enabled ?? current.customer_update.enabled,
      allowed_updates: features.customer_update.allowed_updates ?? current.customer_update.allowed_updates,
    };
  }
  if (features?.invoice_history?.enabled !== undefined)
    current.invoice_history = { enabled: features.invoice_history.enabled };
  if (features?.payment_method_update?.enabled !== undefined) {
    current.payment_method_update = {
      enabled: features.payment_method_update.enabled,
      payment_method_configuration: null,
    };
  }
  const cancel = features?.subscription_cancel;
  if (cancel) {
    current.subscription_cancel = {
      enabled: cancel.enabled ?? current.subscription_cancel.enabled,
      mode: cancel.mode ?? current.subscription_cancel.mode,
      proration_behavior: cancel.proration_behavior ?? current.subscription_cancel.proration_behavior,
      cancellation_reason: {
        enabled: cancel.cancellation_reason?.enabled ?? current.subscription_cancel.cancellation_reason.enabled,
        feedback_options: null,
        options: cancel.cancellation_reason?.options ?? current.subscription_cancel.cancellation_reason.options,
      },
    };
  }
  const update = features?.subscription_update;
  if (update) {
    const products = update.products?.map((entry, index) => {
      const product = getProduct(
        context,
        requireParam(entry.product, `features[subscription_update][products][${index}][product]`),
        `features[subscription_update][products][${index}][product]`,
      );
      const prices = requireParam(entry.prices, `features[subscription_update][products][${index}][prices]`);
      for (const priceId of prices) {
        const price = getPrice(context, priceId, `features[subscription_update][products][${index}][prices]`);
        if (price.product !== product.id) {
          throw invalidRequest(
            `The price ${price.id} does not belong to product ${product.id}.`,
            `features[subscription_update][products][${index}][prices]`,
          );
        }
      }
      return { product: product.id, prices, adjustable_quantity: { enabled: false, maximum: null, minimum: 0 } };
    });
    const conditions = update.schedule_at_period_end?.conditions?.map((condition, index) => ({
      type: requireParam(
        condition.type,
        `features[subscription_update][schedule_at_period_end][conditions][${index}][type]`,
      ),
    }));
    current.subscription_update = {
      ...current.subscription_update,
      enabled: update.enabled ?? current.subscription_update.enabled,
      default_allowed_updates: update.default_allowed_updates ?? current.subscription_update.default_allowed_updates,
      products: products ?? current.subscription_update.products ?? null,
      proration_behavior: update.proration_behavior ?? current.subscription_update.proration_behavior,
      schedule_at_period_end: {
        conditions: conditions ?? current.subscription_update.schedule_at_period_end.conditions,
      },
      trial_update_behavior: update.trial_update_behavior ?? current.subscription_update.trial_update_behavior,
    };
  }
  configuration.metadata = mergeMetadata(configuration.metadata ?? {}, input.metadata);
}

export function registerBillingPortal(router: Router, context: EmulatorContext): void {
  const state = () => context.store.state;

  router.on("POST", "/v1/billing_portal/configurations", ({ params }) => {
    const input = parseParams(configurationCreateFields, params);
    const now = context.clock.now();
    const configuration: PortalConfiguration = {
      id: newId("bpc"),
      object: "billing_portal.configuration",
      active: true,
      application: null,
      business_profile: { headline: null, privacy_policy_url: null, terms_of_service_url: null },
      created: now,
      default_return_url: null,
      features: {
        customer_update: { allowed_updates: [], enabled: false },
        invoice_history: { enabled: false },
        payment_method_update: { enabled: false, payment_method_configuration: null },
        subscription_cancel: {
          cancellation_reason: { enabled: false, feedback_options: null, options: [] },
          enabled: false,
          mode: "at_period_end",
          proration_behavior: "none",
        },
        subscription_pause: { duration: { interval_options: [], type: "indefinite" }, enabled: false },
        subscription_update: {
          billing_cycle_anchor: null,
          default_allowed_updates: [],
          enabled: false,
          products: [],
          proration_behavior: "none",
          // Stripe's defaults: plan switches apply at once, and a switch ends a running trial.
          schedule_at_period_end: { conditions: [] },
          trial_update_behavior: "end_trial",
        },
      },
      // With no dashboard to set one, the first configuration created is the account default.
      is_default: Object.keys(state().portalConfigurations).length === 0,
      livemode: false,
      login_page: { enabled: false, url: null },
      metadata: {},
      name: null,
      updated: now,
    };
    if (!input.features) throw invalidRequest("Missing required param: features.", "features", "parameter_missing");
    applyConfiguration(context, configuration, input);
    state().portalConfigurations[configuration.id] = configuration;
    context.store.changed();
    context.emit("billing_portal.configuration.created", snapshot(configuration));
    return present(context, configuration, input.expand);
  });

  router.on("GET", "/v1/billing_portal/configurations/:id", ({ params, pathParams }) => {
    const input = parseParams(expandable, params);
    return present(context, getConfiguration(context, pathParams.id ?? ""), input.expand);
  });

  router.on("POST", "/v1/billing_portal/configurations/:id", ({ params, pathParams }) => {
    const input = parseParams(configurationUpdateFields, params);
    const configuration = getConfiguration(context, pathParams.id ?? "");
    const before = snapshot(configuration);
    applyConfiguration(context, configuration, input);
    const previous = changedAttributes(before, configuration);
    if (Object.keys(previous).length > 0) {
      configuration.updated = context.clock.now();
      context.emit("billing_portal.configuration.updated", snapshot(configuration), previous);
    }
    context.store.changed();
    return present(context, configuration, input.expand);
  });

  router.on("GET", "/v1/billing_portal/configurations", ({ params }) => {
    const input = parseParams({ ...pagination, active: bool, is_default: bool }, params);
    const configurations = newestFirst(state().portalConfigurations).filter(
      (configuration) =>
        (input.active === undefined || configuration.active === input.active) &&
        (input.is_default === undefined || configuration.is_default === input.is_default),
    );
    return paginate(context, configurations, input, "/v1/billing_portal/configurations");
  });

  router.on("POST", "/v1/billing_portal/sessions", ({ params }) => {
    const input = parseParams({ ...expandable, customer: str, return_url: url, configuration: str }, params);
    const customer = getCustomer(context, requireParam(input.customer, "customer"), "customer");
    const configuration = input.configuration
      ? getConfiguration(context, input.configuration, "configuration")
      : Object.values(state().portalConfigurations).find((candidate) => candidate.is_default);
    if (!configuration) {
      throw invalidRequest(
        "No configuration provided and your test mode default configuration has not been created. Provide a configuration or create your default by saving your customer portal settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal.",
      );
    }
    if (!configuration.active) throw invalidRequest("The configuration is inactive.", "configuration");
    const id = newId("bps");
    const session: PortalSession = {
      id,
      object: "billing_portal.session",
      configuration: configuration.id,
      created: context.clock.now(),
      customer: customer.id,
      customer_account: null,
      flow: null,
      livemode: false,
      locale: null,
      on_behalf_of: null,
      return_url: input.return_url ?? configuration.default_return_url,
      url: `${context.baseUrl()}/p/session/${id}`,
    };
    state().portalSessions[id] = session;
    context.store.changed();
    return present(context, session, input.expand);
  });
}

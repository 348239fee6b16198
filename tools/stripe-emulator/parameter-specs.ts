import type { Spec } from "./params";
import { configurationCreateFields, configurationUpdateFields } from "./resources/billing-portal";
import { createFields as checkoutSessionCreateFields } from "./resources/checkout-sessions";
import { createFields as customerCreateFields, updateFields as customerUpdateFields } from "./resources/customers";
import { createFields as priceCreateFields, updateFields as priceUpdateFields } from "./resources/prices";
import { productFields } from "./resources/products";
import { updateFields as subscriptionUpdateFields } from "./resources/subscriptions";

/**
 * The parameter specs of the emulator's create and update endpoints, each
 * with the SDK params type that declares what Stripe accepts there; the
 * conformance test holds one to the other. Add an entry with each new endpoint.
 */
export const PARAMETER_SPECS: Record<string, { spec: Record<string, Spec>; sdkType: string }> = {
  "POST /v1/customers": { spec: customerCreateFields, sdkType: "Stripe.CustomerCreateParams" },
  "POST /v1/customers/:id": { spec: customerUpdateFields, sdkType: "Stripe.CustomerUpdateParams" },
  "POST /v1/products": { spec: productFields, sdkType: "Stripe.ProductCreateParams" },
  "POST /v1/prices": { spec: priceCreateFields, sdkType: "Stripe.PriceCreateParams" },
  "POST /v1/prices/:id": { spec: priceUpdateFields, sdkType: "Stripe.PriceUpdateParams" },
  "POST /v1/checkout/sessions": {
    spec: checkoutSessionCreateFields,
    sdkType: "Stripe.Checkout.SessionCreateParams",
  },
  "POST /v1/subscriptions/:id": { spec: subscriptionUpdateFields, sdkType: "Stripe.SubscriptionUpdateParams" },
  "POST /v1/billing_portal/configurations": {
    spec: configurationCreateFields,
    sdkType: "Stripe.BillingPortal.ConfigurationCreateParams",
  },
  "POST /v1/billing_portal/configurations/:id": {
    spec: configurationUpdateFields,
    sdkType: "Stripe.BillingPortal.ConfigurationUpdateParams",
  },
};

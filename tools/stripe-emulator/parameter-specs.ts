import type { Spec } from "./params";
import { configurationCreateFields, configurationUpdateFields } from "./resources/billing-portal";
import { createFields as checkoutSessionCreateFields } from "./resources/checkout-sessions";
import { createFields as customerCreateFields, updateFields as customerUpdateFields } from "./resources/customers";
import { createFields as priceCreateFields, updateFields as priceUpdateFields } from "./resources/prices";
import {
  cancelFields as paymentIntentCancelFields,
  confirmFields as paymentIntentConfirmFields,
  createFields as paymentIntentCreateFields,
  updateFields as paymentIntentUpdateFields,
} from "./resources/payment-intents";
import { createFields as paymentMethodCreateFields } from "./resources/payment-methods";
import { productFields } from "./resources/products";
import {
  cancelFields as refundCancelFields,
  createFields as refundCreateFields,
  updateFields as refundUpdateFields,
} from "./resources/refunds";
import {
  confirmFields as setupIntentConfirmFields,
  createFields as setupIntentCreateFields,
} from "./resources/setup-intents";
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
  "POST /v1/payment_intents": { spec: paymentIntentCreateFields, sdkType: "Stripe.PaymentIntentCreateParams" },
  "POST /v1/payment_intents/:id": { spec: paymentIntentUpdateFields, sdkType: "Stripe.PaymentIntentUpdateParams" },
  "POST /v1/payment_intents/:id/confirm": {
    spec: paymentIntentConfirmFields,
    sdkType: "Stripe.PaymentIntentConfirmParams",
  },
  "POST /v1/payment_intents/:id/cancel": {
    spec: paymentIntentCancelFields,
    sdkType: "Stripe.PaymentIntentCancelParams",
  },
  "POST /v1/refunds": { spec: refundCreateFields, sdkType: "Stripe.RefundCreateParams" },
  "POST /v1/refunds/:id": { spec: refundUpdateFields, sdkType: "Stripe.RefundUpdateParams" },
  "POST /v1/refunds/:id/cancel": { spec: refundCancelFields, sdkType: "Stripe.RefundCancelParams" },
  "POST /v1/setup_intents": { spec: setupIntentCreateFields, sdkType: "Stripe.SetupIntentCreateParams" },
  "POST /v1/setup_intents/:id/confirm": {
    spec: setupIntentConfirmFields,
    sdkType: "Stripe.SetupIntentConfirmParams",
  },
  "POST /v1/payment_methods": { spec: paymentMethodCreateFields, sdkType: "Stripe.PaymentMethodCreateParams" },
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

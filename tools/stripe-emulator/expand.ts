import { invalidRequest } from "./errors";
import type { EmulatorContext } from "./context";
import { planFromPrice } from "./plans";
import { snapshot } from "./store";

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Finds a stored object by its id prefix, the way Stripe resolves an expandable field. */
function findById(context: EmulatorContext, id: string): object | undefined {
  const state = context.store.state;
  if (id.startsWith("cus_")) {
    if (state.deletedCustomers[id]) return { id, object: "customer", deleted: true };
    return state.customers[id];
  }
  if (id.startsWith("prod_")) return state.products[id];
  if (id.startsWith("price_")) return state.prices[id];
  // Before `sub_`, which schedule ids also start with.
  if (id.startsWith("sub_sched_")) return state.subscriptionSchedules[id];
  if (id.startsWith("sub_")) return state.subscriptions[id];
  if (id.startsWith("in_")) return state.invoices[id];
  if (id.startsWith("pm_")) return state.paymentMethods[id];
  if (id.startsWith("pi_")) return state.paymentIntents[id];
  if (id.startsWith("seti_")) return state.setupIntents[id];
  if (id.startsWith("ch_")) return state.charges[id];
  if (id.startsWith("inpay_")) return state.invoicePayments[id];
  if (id.startsWith("re_")) return state.refunds[id];
  if (id.startsWith("cs_")) return state.checkoutSessions[id];
  if (id.startsWith("bpc_")) return state.portalConfigurations[id];
  return undefined;
}

/**
 * Embedded prices and plans (in subscription items, line items) are copies in Stripe's
 * JSON but always show the price's current fields, e.g. after it is archived.
 */
function refreshEmbedded(context: EmulatorContext, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => refreshEmbedded(context, item));
  if (!isObject(value)) return value;
  // Events are snapshots of the moment they happened and stay as they were sent.
  if (value.object === "event") return value;
  if ((value.object === "price" || value.object === "plan") && typeof value.id === "string") {
    const current = context.store.state.prices[value.id];
    if (current) return value.object === "price" ? snapshot(current) : planFromPrice(current);
  }
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) out[key] = refreshEmbedded(context, child);
  return out;
}

/** Fields that are not ids on the object but are only included when expanded. */
function includable(context: EmulatorContext, target: JsonObject, field: string): unknown {
  if (target.object === "checkout.session" && field === "line_items" && typeof target.id === "string") {
    const items = context.store.state.checkoutLineItems[target.id] ?? [];
    return {
      object: "list",
      data: snapshot(items),
      has_more: false,
      url: `/v1/checkout/sessions/${target.id}/line_items`,
    };
  }
  if (target.object === "invoice" && field === "payments" && typeof target.id === "string") {
    const invoiceId = target.id;
    return {
      object: "list",
      data: snapshot(
        Object.values(context.store.state.invoicePayments).filter((payment) => payment.invoice === invoiceId),
      ),
      has_more: false,
      url: `/v1/invoice_payments?invoice=${invoiceId}`,
    };
  }
  return undefined;
}

function expandPath(context: EmulatorContext, value: unknown, segments: string[], full: string): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => expandPath(context, item, segments, full));
  if (!isObject(value)) throw invalidRequest(`This property cannot be expanded (${full}).`, "expand");
  let child: unknown = head in value ? value[head] : includable(context, value, head);
  if (child === undefined) throw invalidRequest(`This property cannot be expanded (${full}).`, "expand");
  if (typeof child === "string") {
    const found = findById(context, child);
    if (!found) throw invalidRequest(`This property cannot be expanded (${full}).`, "expand");
    child = refreshEmbedded(context, snapshot(found));
  }
  return { ...value, [head]: expandPath(context, child, rest, full) };
}

/** The JSON Stripe would return for `object` with `expand[]` applied (depth limited to 4 like Stripe). */
export function present(context: EmulatorContext, object: object, expand: readonly string[] = []): object {
  let out = refreshEmbedded(context, snapshot(object));
  for (const path of expand) {
    const segments = path.split(".");
    if (segments.length > 4)
      throw invalidRequest(`You cannot expand more than 4 levels of a property. Property: ${path}`, "expand");
    out = expandPath(context, out, segments, path);
  }
  return out as object;
}

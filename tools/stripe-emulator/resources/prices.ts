import type { EmulatorContext } from "../context";
import { invalidRequest, resourceMissing } from "../errors";
import { present } from "../expand";
import { newId } from "../ids";
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
} from "../params";
import type { Router } from "../router";
import { changedAttributes, snapshot, type Price, type Product } from "../store";
import { getProduct } from "./products";

const recurring = object({
  interval: oneOf("day", "week", "month", "year"),
  interval_count: int,
  trial_period_days: int,
  usage_type: oneOf("licensed", "metered"),
});

export const createFields = {
  ...expandable,
  currency: str,
  unit_amount: int,
  unit_amount_decimal: str,
  product: str,
  product_data: object({ name: str, active: bool, metadata, statement_descriptor: str, unit_label: str }),
  recurring,
  lookup_key: str,
  transfer_lookup_key: bool,
  nickname: str,
  active: bool,
  metadata,
  tax_behavior: oneOf("exclusive", "inclusive", "unspecified"),
  billing_scheme: oneOf("per_unit"),
} as const;

export const updateFields = {
  ...expandable,
  active: bool,
  lookup_key: str,
  transfer_lookup_key: bool,
  nickname: str,
  metadata,
  tax_behavior: oneOf("exclusive", "inclusive", "unspecified"),
} as const;

export function getPrice(context: EmulatorContext, id: string, param = "id"): Price {
  const price = context.store.state.prices[id];
  if (!price) throw resourceMissing("price", id, param);
  return price;
}

/** Lookup keys are unique among prices; `transfer_lookup_key` moves one from its current holder. */
function claimLookupKey(context: EmulatorContext, lookupKey: string, transfer: boolean, claimant: string): void {
  for (const price of Object.values(context.store.state.prices)) {
    if (price.id === claimant || price.lookup_key !== lookupKey) continue;
    if (!transfer) {
      throw invalidRequest(
        `A price (\`${price.id}\`) already uses that lookup key. To transfer it to this price, set \`transfer_lookup_key\` to true.`,
        "lookup_key",
      );
    }
    const before = snapshot(price);
    price.lookup_key = null;
    context.emit("price.updated", snapshot(price), changedAttributes(before, price));
  }
}

export function registerPrices(router: Router, context: EmulatorContext): void {
  const state = () => context.store.state;

  router.on("POST", "/v1/prices", ({ params }) => {
    const input = parseParams(createFields, params);
    const currency = requireParam(input.currency, "currency").toLowerCase();
    const unitAmount =
      input.unit_amount ?? (input.unit_amount_decimal ? Math.round(Number(input.unit_amount_decimal)) : undefined);
    requireParam(unitAmount, "unit_amount");
    let productId: string;
    if (input.product) {
      productId = getProduct(context, input.product, "product").id;
    } else if (input.product_data) {
      const now = context.clock.now();
      const product: Product = {
        id: newId("prod"),
        object: "product",
        active: input.product_data.active ?? true,
        created: now,
        default_price: null,
        description: null,
        images: [],
        livemode: false,
        marketing_features: [],
        metadata: mergeMetadata({}, input.product_data.metadata),
        name: requireParam(input.product_data.name, "product_data[name]"),
        package_dimensions: null,
        shippable: null,
        statement_descriptor: input.product_data.statement_descriptor ?? null,
        tax_code: null,
        tax_details: null,
        type: "service",
        unit_label: input.product_data.unit_label ?? null,
        updated: now,
        url: null,
      };
      state().products[product.id] = product;
      context.emit("product.created", snapshot(product));
      productId = product.id;
    } else {
      throw invalidRequest("You must specify either `product` or `product_data` when creating a price.", "product");
    }
    const id = newId("price");
    if (input.lookup_key) claimLookupKey(context, input.lookup_key, input.transfer_lookup_key ?? false, id);
    const price: Price = {
      id,
      object: "price",
      active: input.active ?? true,
      billing_scheme: "per_unit",
      created: context.clock.now(),
      currency,
      custom_unit_amount: null,
      livemode: false,
      lookup_key: input.lookup_key ?? null,
      metadata: mergeMetadata({}, input.metadata),
      nickname: input.nickname ?? null,
      product: productId,
      recurring: input.recurring
        ? {
            interval: requireParam(input.recurring.interval, "recurring[interval]"),
            interval_count: input.recurring.interval_count ?? 1,
            meter: null,
            trial_period_days: input.recurring.trial_period_days ?? null,
            usage_type: input.recurring.usage_type ?? "licensed",
          }
        : null,
      tax_behavior: input.tax_behavior ?? "unspecified",
      tiers_mode: null,
      transform_quantity: null,
      type: input.recurring ? "recurring" : "one_time",
      unit_amount: unitAmount ?? null,
      unit_amount_decimal: unitAmount === undefined ? null : String(unitAmount),
    };
    state().prices[price.id] = price;
    context.store.changed();
    context.emit("price.created", snapshot(price));
    return present(context, price, input.expand);
  });

  router.on("GET", "/v1/prices/:id", ({ params, pathParams }) => {
    const input = parseParams(expandable, params);
    return present(context, getPrice(context, pathParams.id ?? ""), input.expand);
  });

  router.on("POST", "/v1/prices/:id", ({ params, pathParams }) => {
    const input = parseParams(updateFields, params);
    const price = getPrice(context, pathParams.id ?? "");
    const before = snapshot(price);
    if (input.lookup_key !== undefined) {
      if (input.lookup_key) claimLookupKey(context, input.lookup_key, input.transfer_lookup_key ?? false, price.id);
      price.lookup_key = input.lookup_key || null;
    }
    if (input.active !== undefined) price.active = input.active;
    if (input.nickname !== undefined) price.nickname = input.nickname || null;
    if (input.tax_behavior !== undefined) price.tax_behavior = input.tax_behavior;
    price.metadata = mergeMetadata(price.metadata, input.metadata);
    const previous = changedAttributes(before, price);
    if (Object.keys(previous).length > 0) context.emit("price.updated", snapshot(price), previous);
    context.store.changed();
    return present(context, price, input.expand);
  });

  router.on("GET", "/v1/prices", ({ params }) => {
    const input = parseParams(
      {
        ...pagination,
        active: bool,
        product: str,
        currency: str,
        lookup_keys: arrayOf(str),
        type: oneOf("one_time", "recurring"),
        recurring: object({
          interval: oneOf("day", "week", "month", "year"),
          usage_type: oneOf("licensed", "metered"),
        }),
      },
      params,
    );
    const prices = newestFirst(state().prices).filter(
      (price) =>
        (input.active === undefined || price.active === input.active) &&
        (input.product === undefined || price.product === input.product) &&
        (input.currency === undefined || price.currency === input.currency) &&
        (input.type === undefined || price.type === input.type) &&
        (input.lookup_keys === undefined ||
          (price.lookup_key !== null && input.lookup_keys.includes(price.lookup_key))) &&
        (input.recurring?.interval === undefined || price.recurring?.interval === input.recurring.interval),
    );
    return paginate(context, prices, input, "/v1/prices");
  });
}

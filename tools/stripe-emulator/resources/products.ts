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
  pagination,
  parseParams,
  requireParam,
  str,
} from "../params";
import type { Router } from "../router";
import { changedAttributes, snapshot, type Product } from "../store";

export const productFields = {
  ...expandable,
  id: str,
  name: str,
  description: str,
  active: bool,
  metadata,
  images: arrayOf(str),
  statement_descriptor: str,
  unit_label: str,
  url: str,
} as const;

export function getProduct(context: EmulatorContext, id: string, param = "id"): Product {
  const product = context.store.state.products[id];
  if (!product) throw resourceMissing("product", id, param);
  return product;
}

export function registerProducts(router: Router, context: EmulatorContext): void {
  const state = () => context.store.state;

  router.on("POST", "/v1/products", ({ params }) => {
    const input = parseParams(productFields, params);
    const now = context.clock.now();
    const product: Product = {
      id: input.id ?? newId("prod"),
      object: "product",
      active: input.active ?? true,
      created: now,
      default_price: null,
      description: input.description ?? null,
      images: input.images ?? [],
      livemode: false,
      marketing_features: [],
      metadata: mergeMetadata({}, input.metadata),
      name: requireParam(input.name, "name"),
      package_dimensions: null,
      shippable: null,
      statement_descriptor: input.statement_descriptor ?? null,
      tax_code: null,
      tax_details: null,
      type: "service",
      unit_label: input.unit_label ?? null,
      updated: now,
      url: input.url ?? null,
    };
    if (state().products[product.id]) {
      throw invalidRequest(`Product already exists.`, "id", "resource_already_exists");
    }
    state().products[product.id] = product;
    context.store.changed();
    context.emit("product.created", snapshot(product));
    return present(context, product, input.expand);
  });

  router.on("GET", "/v1/products/:id", ({ params, pathParams }) => {
    const input = parseParams(expandable, params);
    return present(context, getProduct(context, pathParams.id ?? ""), input.expand);
  });

  router.on("POST", "/v1/products/:id", ({ params, pathParams }) => {
    const input = parseParams({ ...productFields, default_price: str }, params);
    const product = getProduct(context, pathParams.id ?? "");
    const before = snapshot(product);
    if (input.name !== undefined) product.name = requireParam(input.name, "name");
    if (input.description !== undefined) product.description = input.description || null;
    if (input.active !== undefined) product.active = input.active;
    if (input.images !== undefined) product.images = input.images;
    if (input.url !== undefined) product.url = input.url || null;
    if (input.unit_label !== undefined) product.unit_label = input.unit_label || null;
    if (input.statement_descriptor !== undefined) product.statement_descriptor = input.statement_descriptor || null;
    if (input.default_price !== undefined) {
      if (input.default_price && !state().prices[input.default_price]) {
        throw resourceMissing("price", input.default_price, "default_price");
      }
      product.default_price = input.default_price || null;
    }
    product.metadata = mergeMetadata(product.metadata, input.metadata);
    const previous = changedAttributes(before, product);
    if (Object.keys(previous).length > 0) {
      product.updated = context.clock.now();
      context.emit("product.updated", snapshot(product), previous);
    }
    context.store.changed();
    return present(context, product, input.expand);
  });

  router.on("GET", "/v1/products", ({ params }) => {
    const input = parseParams({ ...pagination, active: bool, ids: arrayOf(str) }, params);
    const products = newestFirst(state().products).filter(
      (product) =>
        (input.active === undefined || product.active === input.active) &&
        (!input.ids || input.ids.includes(product.id)),
    );
    return paginate(context, products, input, "/v1/products");
  });
}

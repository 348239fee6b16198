// `npm run stripe:setup`: makes a Stripe account (or the emulator) match the
// plan catalog, idempotently. Products are found by metadata, prices by lookup
// key; a changed amount creates a new price, moves the lookup key to it and
// archives the old one. A second run changes nothing and says so.
import "server-only";
import type Stripe from "stripe";
import {
  billingIntervals,
  downgradesTakeEffect,
  oneTimeProducts,
  plans,
  type OneTimeProduct,
  type Plan,
  type PlanPrice,
  type BillingInterval,
} from "./plans";

const PLAN_METADATA_KEY = "tollgate_plan";
// One-time products are told apart from plans by their own key, so a plan and
// a product may never be mistaken for each other.
const ONE_TIME_METADATA_KEY = "tollgate_one_time_product";

type CatalogEntry = { id: string; name: string; description: string };
const PORTAL_METADATA = { tollgate: "catalog" };

/**
 * The portal configuration stripe:setup maintains. Portal sessions must name it:
 * Stripe's default configuration is whatever the dashboard says.
 */
export async function findCatalogPortalConfiguration(stripe: Stripe): Promise<string | undefined> {
  const { data } = await stripe.billingPortal.configurations.list({ limit: 100, active: true });
  return data.find((configuration) => configuration.metadata?.tollgate === PORTAL_METADATA.tollgate)?.id;
}

export type CatalogSyncResult = { changes: string[]; portalConfigurationId: string };

export async function syncCatalogToStripe(
  stripe: Stripe,
  catalog: readonly Plan[] = plans,
  oneTime: readonly OneTimeProduct[] = oneTimeProducts,
): Promise<CatalogSyncResult> {
  const changes: string[] = [];
  const paid = catalog.filter((plan): plan is Plan & { prices: Record<BillingInterval, PlanPrice> } => !!plan.prices);

  const existingProducts: Stripe.Product[] = [];
  for await (const product of stripe.products.list({ limit: 100 })) existingProducts.push(product);

  const portalProducts: Array<{ product: string; prices: string[] }> = [];
  for (const plan of paid) {
    const product = await ensureProduct(stripe, PLAN_METADATA_KEY, plan, existingProducts, changes);
    const priceIds: string[] = [];
    for (const interval of billingIntervals) {
      const metadata = { [PLAN_METADATA_KEY]: plan.id };
      priceIds.push(await ensurePrice(stripe, product.id, interval, plan.prices[interval], metadata, changes));
    }
    portalProducts.push({ product: product.id, prices: priceIds });
  }
  for (const item of oneTime) {
    const product = await ensureProduct(stripe, ONE_TIME_METADATA_KEY, item, existingProducts, changes);
    await ensurePrice(stripe, product.id, null, item.price, { [ONE_TIME_METADATA_KEY]: item.id }, changes);
  }

  const portalConfigurationId = await ensurePortalConfiguration(stripe, portalProducts, changes);
  return { changes, portalConfigurationId };
}

async function ensureProduct(
  stripe: Stripe,
  metadataKey: string,
  plan: CatalogEntry,
  existing: Stripe.Product[],
  changes: string[],
) {
  const found = existing.find((product) => product.metadata[metadataKey] === plan.id);
  if (!found) {
    const product = await stripe.products.create({
      name: plan.name,
      description: plan.description,
      metadata: { [metadataKey]: plan.id },
    });
    changes.push(`created product ${plan.name} (${product.id})`);
    return product;
  }
  if (found.name !== plan.name || found.description !== plan.description || !found.active) {
    changes.push(`updated product ${plan.name} (${found.id})`);
    return stripe.products.update(found.id, { name: plan.name, description: plan.description, active: true });
  }
  return found;
}

/** interval null: a one-time price. */
async function ensurePrice(
  stripe: Stripe,
  productId: string,
  interval: BillingInterval | null,
  wanted: PlanPrice,
  metadata: Record<string, string>,
  changes: string[],
): Promise<string> {
  const { data } = await stripe.prices.list({ lookup_keys: [wanted.lookupKey], limit: 1 });
  const current = data[0];
  const matches =
    current &&
    current.active &&
    current.unit_amount === wanted.amount &&
    current.currency === wanted.currency &&
    (current.recurring?.interval ?? null) === interval &&
    current.product === productId;
  if (matches) return current.id;

  const price = await stripe.prices.create({
    product: productId,
    unit_amount: wanted.amount,
    currency: wanted.currency,
    ...(interval ? { recurring: { interval } } : {}),
    lookup_key: wanted.lookupKey,
    transfer_lookup_key: true,
    metadata,
  });
  if (current) {
    await stripe.prices.update(current.id, { active: false });
    changes.push(`replaced price ${wanted.lookupKey}: ${current.id} archived, ${price.id} now holds the lookup key`);
  } else {
    changes.push(`created price ${wanted.lookupKey} (${price.id})`);
  }
  return price.id;
}

// A downgrade, as isDowngrade() in plans.ts defines it.
const portalDowngradeConditions =
  downgradesTakeEffect === "period-end"
    ? [{ type: "decreasing_item_amount" as const }, { type: "shortening_interval" as const }]
    : [];

async function ensurePortalConfiguration(
  stripe: Stripe,
  products: Array<{ product: string; prices: string[] }>,
  changes: string[],
): Promise<string> {
  const features: Stripe.BillingPortal.ConfigurationCreateParams.Features = {
    customer_update: { enabled: false },
    invoice_history: { enabled: true },
    payment_method_update: { enabled: true },
    subscription_cancel: { enabled: true, mode: "at_period_end" },
    subscription_update: {
      enabled: true,
      default_allowed_updates: ["price"],
      proration_behavior: "create_prorations",
      products,
      // The same rules as plan changes in the app (plan-change.ts).
      schedule_at_period_end: { conditions: portalDowngradeConditions },
      trial_update_behavior: "end_trial",
    },
  };
  const { data } = await stripe.billingPortal.configurations.list({ limit: 100 });
  const existing = data.find((configuration) => configuration.metadata?.tollgate === PORTAL_METADATA.tollgate);
  if (!existing) {
    const created = await stripe.billingPortal.configurations.create({ features, metadata: PORTAL_METADATA });
    changes.push(`created Customer Portal configuration ${created.id}`);
    return created.id;
  }
  const current = existing.features;
  const sameProducts =
    JSON.stringify(normalizeProducts(current.subscription_update.products ?? [])) ===
    JSON.stringify(normalizeProducts(products));
  const upToDate =
    existing.active &&
    sameProducts &&
    current.subscription_update.enabled &&
    current.subscription_update.proration_behavior === "create_prorations" &&
    current.subscription_update.default_allowed_updates.join() === "price" &&
    current.subscription_update.trial_update_behavior === "end_trial" &&
    (current.subscription_update.schedule_at_period_end?.conditions ?? []).map((condition) => condition.type).join() ===
      portalDowngradeConditions.map((condition) => condition.type).join() &&
    !current.customer_update.enabled &&
    current.subscription_cancel.enabled &&
    current.subscription_cancel.mode === "at_period_end" &&
    current.payment_method_update.enabled &&
    current.invoice_history.enabled;
  if (!upToDate) {
    await stripe.billingPortal.configurations.update(existing.id, { active: true, features });
    changes.push(`updated Customer Portal configuration ${existing.id}`);
  }
  return existing.id;
}

function normalizeProducts(products: Array<{ product: string; prices: string[] }>) {
  return products
    .map(({ product, prices }) => ({ product, prices: [...prices].sort() }))
    .sort((a, b) => a.product.localeCompare(b.product));
}

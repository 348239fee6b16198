// Stripe creates with an idempotency key, so racing requests (a double
// click, two tabs) get one object. A replayed key answers with the object as
// it was first created, which may since have been used up (a Checkout that
// completed or expired, a PaymentIntent that succeeded or was canceled).
import "server-only";
import type Stripe from "stripe";

/**
 * Creates with `key`; while Stripe replays an object that is no longer
 * usable, creates again with a key derived from that dead object, so racing
 * requests derive the same keys and still converge on one live object.
 */
export async function createLive<T extends { id: string }>(
  create: (idempotencyKey: string) => Promise<Stripe.Response<T>>,
  key: string,
  isUsable: (created: T) => Promise<boolean>,
): Promise<T> {
  let created = await create(key);
  for (let hops = 0; hops < 10; hops++) {
    const replayed = created.lastResponse?.headers?.["idempotent-replayed"] === "true";
    if (!replayed || (await isUsable(created))) break;
    created = await create(`${key}-after-${created.id}`);
  }
  return created;
}

import type { Clock } from "./clock";
import type { EmulatorEvent, EventType, Store } from "./store";

/** What happens to a subscription whose renewal invoice still fails after the last retry. */
export type ExhaustedRetriesBehavior = "cancel" | "unpaid";

export interface BillingSettings {
  /** Days after each failed attempt before the next one (Stripe's default retry schedule spans about two weeks). */
  paymentRetryDays: number[];
  afterRetriesExhausted: ExhaustedRetriesBehavior;
}

/** Everything a resource handler, the billing engine and the hosted pages share. */
export interface EmulatorContext {
  store: Store;
  clock: Clock;
  billing: BillingSettings;
  baseUrl(): string;
  emit(type: EventType, object: object, previousAttributes?: Record<string, unknown>): EmulatorEvent;
}

import { z } from "zod";

/**
 * Misbehaviour to inject, set through `POST /_emulator/faults`. Counters
 * apply to the next N occurrences and count down; the delays stay until reset.
 */
const faultSettingsSchema = z
  .object({
    /** The next N events are each delivered twice. */
    duplicateDeliveries: z.number().int().min(0),
    /** The next N events are held back, then delivered in reverse (or shuffled) order. */
    reorderDeliveries: z.number().int().min(0),
    reorderMode: z.enum(["reverse", "shuffle"]),
    /** Wait this long before every delivery attempt. */
    deliveryDelayMs: z.number().int().min(0),
    /** The next N delivery attempts are signed with a timestamp outside Stripe's 5 minute tolerance. */
    staleSignatures: z.number().int().min(0),
    /** The next N delivery attempts carry a signature made with the wrong secret. */
    invalidSignatures: z.number().int().min(0),
    /** The next N Stripe API requests fail. */
    failRequests: z.number().int().min(0),
    /** `500` answers with Stripe's api_error; `drop` closes the connection without answering. */
    failMode: z.enum(["500", "drop"]),
    /** `before` fails without doing anything; `after` performs the request, then fails to answer it. */
    failPhase: z.enum(["before", "after"]),
    /** Wait this long before answering every Stripe API request, as a real round trip to Stripe takes. */
    apiLatencyMs: z.number().int().min(0).max(10_000),
    /** The next N refunds succeed, then fail (as to a closed card): `refund.failed` follows and the charge gets the money back. */
    failRefunds: z.number().int().min(0),
  })
  .strict();

export type FaultSettings = z.infer<typeof faultSettingsSchema>;

export const faultUpdateSchema = faultSettingsSchema.partial();

export function noFaults(): FaultSettings {
  return {
    duplicateDeliveries: 0,
    reorderDeliveries: 0,
    reorderMode: "reverse",
    deliveryDelayMs: 0,
    staleSignatures: 0,
    invalidSignatures: 0,
    failRequests: 0,
    failMode: "500",
    failPhase: "before",
    apiLatencyMs: 0,
    failRefunds: 0,
  };
}

/** Takes one occurrence off a counter, reporting whether the fault applies to this occurrence. */
export function consume(
  faults: FaultSettings,
  key: "duplicateDeliveries" | "staleSignatures" | "invalidSignatures" | "failRequests" | "failRefunds",
): boolean {
  if (faults[key] <= 0) return false;
  faults[key] -= 1;
  return true;
}

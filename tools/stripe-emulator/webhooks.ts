import { createHmac } from "node:crypto";
import { consume, type FaultSettings } from "./faults";
import type { EmulatorEvent } from "./store";

/** Signs `payload` exactly as Stripe does: `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<payload>">`. */
function signPayload(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${signature}`;
}

export interface DeliveryAttempt {
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
  signature: "valid" | "stale" | "invalid";
}

export interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  url: string;
  state: "pending" | "succeeded" | "failed";
  duplicate: boolean;
  attempts: DeliveryAttempt[];
  nextAttemptAt: number | null;
}

export interface WebhookEndpoint {
  url: string | undefined;
  secret: string;
}

/** Stripe retries failed deliveries for up to three days; these are the gaps between attempts. */
export const DEFAULT_RETRY_SCHEDULE_MS = [5_000, 30_000, 120_000, 600_000, 3_600_000, 21_600_000];

const ATTEMPT_TIMEOUT_MS = 10_000;
/** Signatures older than this fail `constructEvent`'s default 300 s tolerance. */
const STALE_BY_SECONDS = 3_600;

/**
 * How deliveries go out. Stripe sends several at once and guarantees no order,
 * so that is the default; `ordered` sends one at a time in the order events
 * happened, for tests that assert on the sequence.
 */
export type DeliveryMode = { ordered: boolean; concurrency: number };

export const DEFAULT_DELIVERY_MODE: DeliveryMode = { ordered: false, concurrency: 8 };

/**
 * Sends events in the background, so the API never waits on the app's webhook
 * handler: up to `concurrency` at a time, picked at random among the due ones
 * (or one at a time in order); a failed attempt is rescheduled and does not
 * hold up the others.
 */
export class WebhookDispatcher {
  readonly deliveries: Delivery[] = [];
  private readonly payloads = new Map<string, string>();
  private readonly held: EmulatorEvent[] = [];
  private readonly attempting = new Set<Delivery>();
  private sequence = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly endpoint: WebhookEndpoint,
    private readonly faults: FaultSettings,
    private readonly retryScheduleMs: readonly number[],
    private readonly onSettled: (eventId: string) => void,
    private readonly mode: DeliveryMode = DEFAULT_DELIVERY_MODE,
  ) {}

  enqueue(event: EmulatorEvent): void {
    if (!this.endpoint.url || this.stopped) return;
    if (this.faults.reorderDeliveries > 0) {
      this.faults.reorderDeliveries -= 1;
      this.held.push(event);
      if (this.faults.reorderDeliveries === 0) this.releaseHeld();
      return;
    }
    this.queue(event);
  }

  /** Whether an event still has a delivery that may be attempted again. */
  isPending(eventId: string): boolean {
    return (
      this.deliveries.some((delivery) => delivery.eventId === eventId && delivery.state === "pending") ||
      this.held.some((event) => event.id === eventId)
    );
  }

  private releaseHeld(): void {
    const events = this.held.splice(0);
    if (this.faults.reorderMode === "reverse") events.reverse();
    else {
      for (let i = events.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [events[i], events[j]] = [events[j] as EmulatorEvent, events[i] as EmulatorEvent];
      }
    }
    for (const event of events) this.queue(event);
  }

  private queue(event: EmulatorEvent): void {
    const url = this.endpoint.url;
    if (!url) return;
    // Stripe pretty-prints its webhook payloads.
    this.payloads.set(event.id, JSON.stringify(event, null, 2));
    const copies = consume(this.faults, "duplicateDeliveries") ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) {
      this.deliveries.push({
        id: `whdel_${++this.sequence}`,
        eventId: event.id,
        eventType: event.type,
        url,
        state: "pending",
        duplicate: copy > 0,
        attempts: [],
        nextAttemptAt: Date.now(),
      });
    }
    this.kick();
  }

  private kick(): void {
    setImmediate(() => this.pump());
  }

  /** Starts due deliveries until `concurrency` are in flight; each one that ends starts the next. */
  private pump(): void {
    if (this.stopped) return;
    const limit = this.mode.ordered ? 1 : Math.max(1, this.mode.concurrency);
    while (this.attempting.size < limit) {
      const now = Date.now();
      const due = this.deliveries.filter(
        (delivery) =>
          delivery.state === "pending" && !this.attempting.has(delivery) && (delivery.nextAttemptAt ?? Infinity) <= now,
      );
      if (due.length === 0) break;
      const next = (this.mode.ordered ? due[0] : due[Math.floor(Math.random() * due.length)]) as Delivery;
      this.attempting.add(next);
      void this.attempt(next).finally(() => {
        this.attempting.delete(next);
        this.pump();
      });
    }
    this.scheduleWakeUp();
  }

  private scheduleWakeUp(): void {
    if (this.timer) clearTimeout(this.timer);
    const times = this.deliveries
      .filter((delivery) => delivery.state === "pending" && !this.attempting.has(delivery))
      .map((delivery) => delivery.nextAttemptAt ?? Infinity);
    if (times.length === 0) return;
    const wait = Math.max(0, Math.min(...times) - Date.now());
    this.timer = setTimeout(() => this.pump(), wait);
    this.timer.unref();
  }

  private async attempt(delivery: Delivery): Promise<void> {
    if (this.faults.deliveryDelayMs > 0)
      await new Promise((resolve) => setTimeout(resolve, this.faults.deliveryDelayMs));
    const payload = this.payloads.get(delivery.eventId) ?? "";
    const wallClock = Math.floor(Date.now() / 1000);
    let signature: DeliveryAttempt["signature"] = "valid";
    let header = signPayload(payload, this.endpoint.secret, wallClock);
    if (consume(this.faults, "staleSignatures")) {
      signature = "stale";
      header = signPayload(payload, this.endpoint.secret, wallClock - STALE_BY_SECONDS);
    } else if (consume(this.faults, "invalidSignatures")) {
      signature = "invalid";
      header = signPayload(payload, `${this.endpoint.secret}_wrong`, wallClock);
    }
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "Stripe-Signature": header,
        },
        body: payload,
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch (caught) {
      error =
        caught instanceof Error
          ? caught.cause instanceof Error
            ? caught.cause.message
            : caught.message
          : String(caught);
    }
    delivery.attempts.push({
      at: new Date(started).toISOString(),
      status,
      error,
      durationMs: Date.now() - started,
      signature,
    });
    if (status !== null && status >= 200 && status < 300) {
      delivery.state = "succeeded";
      delivery.nextAttemptAt = null;
    } else {
      const gap = this.retryScheduleMs[delivery.attempts.length - 1];
      if (gap === undefined) {
        delivery.state = "failed";
        delivery.nextAttemptAt = null;
      } else {
        delivery.nextAttemptAt = Date.now() + gap;
      }
    }
    if (delivery.state !== "pending") this.onSettled(delivery.eventId);
  }

  /** Resolves once every queued delivery has succeeded or used up its retries (held events are released first). */
  async flush(timeoutMs: number): Promise<boolean> {
    if (this.held.length > 0) {
      this.faults.reorderDeliveries = 0;
      this.releaseHeld();
    }
    const deadline = Date.now() + timeoutMs;
    while (this.attempting.size > 0 || this.deliveries.some((delivery) => delivery.state === "pending")) {
      if (Date.now() > deadline) return false;
      this.kick();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return true;
  }

  clear(): void {
    this.deliveries.length = 0;
    this.held.length = 0;
    this.payloads.clear();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}

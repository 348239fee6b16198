import { z } from "zod";
import { validateCardForm } from "./cards";
import type { EmulatorContext } from "./context";
import { StripeApiError } from "./errors";
import { faultUpdateSchema, noFaults, type FaultSettings } from "./faults";
import { setDefaultCard } from "./resources/payment-methods";
import { failRefundLater } from "./resources/refunds";
import { advanceTo } from "./scheduler";
import type { WebhookDispatcher, WebhookEndpoint } from "./webhooks";

export interface ControlDependencies {
  context: EmulatorContext;
  dispatcher: WebhookDispatcher;
  faults: FaultSettings;
  endpoint: WebhookEndpoint;
  /** API calls served since start: GETs are reads. */
  apiRequests: { reads: number; writes: number };
  resetAll(): void;
}

interface ControlAnswer {
  status: number;
  body: unknown;
}

const advanceSchema = z.union([
  z.object({ seconds: z.number().int().min(0) }).strict(),
  z.object({ to: z.number().int() }).strict(),
]);
const flushSchema = z.object({ timeoutMs: z.number().int().min(0).max(600_000).optional() }).strict();
const endpointSchema = z.object({ url: z.string().url().nullable(), secret: z.string().min(1).optional() }).strict();
const cardSchema = z
  .object({ cardNumber: z.string(), cardExpiry: z.string().optional(), cardCvc: z.string().optional() })
  .strict();

function parseJson<T>(schema: z.ZodType<T>, body: string): T {
  let raw: unknown;
  try {
    raw = body.trim() === "" ? {} : JSON.parse(body);
  } catch {
    throw new StripeApiError(400, { type: "invalid_request_error", message: "The control API takes a JSON body." });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new StripeApiError(400, { type: "invalid_request_error", message: z.prettifyError(parsed.error) });
  }
  return parsed.data;
}

function routeControl(
  deps: ControlDependencies,
  method: string,
  parts: string[],
  body: string,
): ControlAnswer | Promise<ControlAnswer> {
  const { context, dispatcher, faults, endpoint } = deps;
  const route = `${method} /${parts.join("/")}`;
  switch (route) {
    case "GET /state":
      return {
        status: 200,
        body: { now: context.clock.now(), faults, webhookEndpoint: endpoint.url ?? null, state: context.store.state },
      };
    case "POST /reset":
      deps.resetAll();
      return { status: 200, body: { reset: true } };
    case "GET /clock":
      return { status: 200, body: { now: context.clock.now(), offsetSeconds: context.store.state.clockOffsetSeconds } };
    case "POST /clock/advance": {
      const input = parseJson(advanceSchema, body);
      const target = "seconds" in input ? context.clock.now() + input.seconds : input.to;
      if (target < context.clock.now()) {
        throw new StripeApiError(400, { type: "invalid_request_error", message: "The clock only moves forward." });
      }
      const actions = advanceTo(context, target);
      return { status: 200, body: { now: context.clock.now(), actions } };
    }
    case "GET /faults":
      return { status: 200, body: faults };
    case "POST /faults":
      Object.assign(faults, parseJson(faultUpdateSchema, body));
      return { status: 200, body: faults };
    case "POST /faults/clear":
      Object.assign(faults, noFaults());
      return { status: 200, body: faults };
    case "GET /requests":
      return { status: 200, body: deps.apiRequests };
    case "GET /deliveries":
      return { status: 200, body: { deliveries: dispatcher.deliveries } };
    case "POST /deliveries/flush": {
      const input = parseJson(flushSchema, body);
      return dispatcher.flush(input.timeoutMs ?? 30_000).then((flushed) => ({
        status: flushed ? 200 : 504,
        body: { flushed, pending: dispatcher.deliveries.filter((delivery) => delivery.state === "pending").length },
      }));
    }
    case "GET /webhook-endpoint":
      return { status: 200, body: { url: endpoint.url ?? null } };
    case "POST /webhook-endpoint": {
      const input = parseJson(endpointSchema, body);
      endpoint.url = input.url ?? undefined;
      if (input.secret) endpoint.secret = input.secret;
      return { status: 200, body: { url: endpoint.url ?? null } };
    }
  }
  // POST /customers/:id/default-card {cardNumber}: e.g. 4000 0000 0000 0341 to make renewals fail.
  if (method === "POST" && parts[0] === "customers" && parts[1] && parts[2] === "default-card" && parts.length === 3) {
    const input = parseJson(cardSchema, body);
    const year = new Date(context.clock.now() * 1000).getUTCFullYear() + 3;
    const validation = validateCardForm(
      input.cardNumber,
      input.cardExpiry ?? `12 / ${year}`,
      input.cardCvc ?? "123",
      context.clock.now(),
    );
    if (!validation.ok)
      throw new StripeApiError(400, {
        type: "invalid_request_error",
        message: validation.message,
        param: validation.field,
      });
    const paymentMethod = setDefaultCard(context, parts[1], validation.card);
    return { status: 200, body: paymentMethod };
  }
  // POST /refunds/:id/fail: the refund fails after it succeeded (its money goes back onto the charge).
  if (method === "POST" && parts[0] === "refunds" && parts[1] && parts[2] === "fail" && parts.length === 3) {
    return { status: 200, body: failRefundLater(context, parts[1]) };
  }
  return {
    status: 404,
    body: { error: { type: "invalid_request_error", message: `Unknown control endpoint: ${route}` } },
  };
}

/** The emulator's own API under `/_emulator/` (JSON in, JSON out) for tests and the dev launcher. */
export async function handleControl(
  deps: ControlDependencies,
  method: string,
  parts: string[],
  body: string,
): Promise<ControlAnswer> {
  try {
    return await routeControl(deps, method, parts, body);
  } catch (error) {
    if (error instanceof StripeApiError) return { status: error.status, body: { error: error.body } };
    throw error;
  }
}

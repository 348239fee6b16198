import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Clock } from "./clock";
import type { BillingSettings, EmulatorContext } from "./context";
import { handleControl } from "./control";
import { publishableKeyRefused, StripeApiError, urlNotFound, type StripeErrorBody } from "./errors";
import { noFaults, consume, type FaultSettings } from "./faults";
import { parseForm, type FormObject } from "./form-encoding";
import { handleCheckoutPage } from "./hosted/checkout-page";
import { handleDeliveriesPage } from "./hosted/deliveries-page";
import { escapeHtml, FAVICON_PATH, FAVICON_SVG, type PageResponse } from "./hosted/html";
import { handleInvoicePage } from "./hosted/invoice-page";
import { handlePortalPage } from "./hosted/portal-page";
import { newId, newRequestId } from "./ids";
import { registerBillingPortal } from "./resources/billing-portal";
import { registerCharges } from "./resources/charges";
import { registerInvoicePayments } from "./resources/invoice-payments";
import { registerRefunds } from "./resources/refunds";
import { registerSetupIntents } from "./resources/setup-intents";
import { registerCheckoutSessions } from "./resources/checkout-sessions";
import { registerCustomers } from "./resources/customers";
import { registerEvents } from "./resources/events";
import { registerInvoices } from "./resources/invoices";
import { registerPaymentIntents } from "./resources/payment-intents";
import { registerPaymentMethods } from "./resources/payment-methods";
import { registerPrices } from "./resources/prices";
import { registerProducts } from "./resources/products";
import { registerSubscriptionSchedules } from "./resources/subscription-schedules";
import { registerSubscriptions } from "./resources/subscriptions";
import { Router } from "./router";
import {
  authenticationPage,
  cardFramePage,
  embeddedCheckoutComplete,
  embeddedCheckoutFrame,
  receiptPage,
} from "./stripe-js/frames";
import { standInScript } from "./stripe-js/stand-in-script";
import { advanceTo } from "./scheduler";
import { snapshot, Store, type EmulatorEvent } from "./store";
import {
  DEFAULT_DELIVERY_MODE,
  DEFAULT_RETRY_SCHEDULE_MS,
  WebhookDispatcher,
  type Delivery,
  type WebhookEndpoint,
} from "./webhooks";

/** The API version of stripe@23, stamped on every event. */
export const STRIPE_API_VERSION = "2026-10-28.endive";
/** The signing secret used when none is configured; the app falls back to the same value in development. */
export const DEVELOPMENT_WEBHOOK_SECRET = "tollgate-emulator-public-signing-secret";
export const DEFAULT_EMULATOR_PORT = 12111;

export interface StripeEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Only loopback makes sense for a fake payment provider. */
  host?: string;
  /** Where events are POSTed; without one, events are only kept for `/v1/events`. */
  webhookUrl?: string;
  webhookSecret?: string;
  /** JSON file that keeps the state across restarts. */
  statePath?: string;
  /**
   * How webhooks go out: like Stripe, several at once in no particular order
   * (the default, 8 in flight); `"ordered"` sends one at a time in the order
   * events happened, for tests that assert on the sequence.
   */
  webhookDelivery?: "concurrent" | "ordered" | { concurrency: number };
  /** Gaps between webhook delivery attempts (Stripe's own spans three days; tests want milliseconds). */
  webhookRetryScheduleMs?: number[];
  /** Days between automatic retries of a failed renewal. */
  paymentRetryDays?: number[];
  afterRetriesExhausted?: BillingSettings["afterRetriesExhausted"];
  /** How often real time is checked for due renewals and expiries; 0 turns it off. */
  tickIntervalMs?: number;
  /** Sees every answer of the API under `/v1`; the conformance tests hold each body to the SDK's types. */
  onApiResponse?: (answer: { method: string; path: string; status: number; body: string }) => void;
  /**
   * The account's secret key: other keys are refused with Stripe's 401, as a
   * real account refuses keys that are not its own. Unset: any key works.
   */
  apiKey?: string;
  /** The account's publishable key, which Stripe.js sends; unset: any `pk_…` key works. */
  publishableKey?: string;
}

export interface StripeEmulator {
  url: string;
  port: number;
  webhookSecret: string;
  /** The emulator's current time in unix seconds. */
  now(): number;
  /** Moves the test clock forward, running renewals, trial ends and retries on the way. */
  advanceClock(by: { seconds: number } | { to: number }): number;
  /** Resolves when every queued webhook delivery has settled; false on timeout. */
  flushDeliveries(timeoutMs?: number): Promise<boolean>;
  deliveries(): Delivery[];
  setFaults(faults: Partial<FaultSettings>): void;
  setWebhookEndpoint(url: string | undefined, secret?: string): void;
  reset(): void;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;
const IDEMPOTENCY_KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

interface ApiResult {
  status: number;
  body: string;
  requestId: string;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new StripeApiError(413, { type: "invalid_request_error", message: "Request body too large." }));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function errorJson(body: StripeErrorBody): string {
  return JSON.stringify({ error: body }, null, 2);
}

function apiKeyOf(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization ?? "";
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (basic)
    return (
      Buffer.from(basic[1] ?? "", "base64")
        .toString("utf8")
        .split(":")[0] || undefined
    );
  return undefined;
}

/** A key as Stripe echoes it in errors: its prefix and last four characters. */
function redactKey(key: string): string {
  const prefix = /^[a-z]+_(test_|live_)?/.exec(key)?.[0] ?? "";
  const rest = key.slice(prefix.length);
  return rest.length <= 4
    ? `${prefix}${"*".repeat(rest.length)}`
    : `${prefix}${"*".repeat(rest.length - 4)}${rest.slice(-4)}`;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const store = new Store(options.statePath);
  const clock = new Clock(
    () => store.state.clockOffsetSeconds,
    (seconds) => {
      store.state.clockOffsetSeconds = seconds;
      store.changed();
    },
  );
  const faults: FaultSettings = noFaults();
  const endpoint: WebhookEndpoint = {
    url: options.webhookUrl,
    secret: options.webhookSecret ?? DEVELOPMENT_WEBHOOK_SECRET,
  };
  const dispatcher = new WebhookDispatcher(
    endpoint,
    faults,
    options.webhookRetryScheduleMs ?? DEFAULT_RETRY_SCHEDULE_MS,
    (eventId) => {
      const event = store.state.events[eventId];
      if (event && !dispatcher.isPending(eventId)) {
        event.pending_webhooks = 0;
        store.changed();
      }
    },
    options.webhookDelivery === "ordered"
      ? { ordered: true, concurrency: 1 }
      : typeof options.webhookDelivery === "object"
        ? { ordered: false, concurrency: options.webhookDelivery.concurrency }
        : DEFAULT_DELIVERY_MODE,
  );
  let baseUrl = "";
  let currentRequest: EmulatorEvent["request"] = { id: null, idempotency_key: null };

  const context: EmulatorContext = {
    store,
    clock,
    billing: {
      paymentRetryDays: options.paymentRetryDays ?? [3, 5, 7],
      afterRetriesExhausted: options.afterRetriesExhausted ?? "cancel",
    },
    baseUrl: () => baseUrl,
    emit(type, object, previousAttributes) {
      const event: EmulatorEvent = {
        id: newId("evt"),
        object: "event",
        api_version: STRIPE_API_VERSION,
        created: clock.now(),
        data: previousAttributes ? { object, previous_attributes: previousAttributes } : { object },
        livemode: false,
        pending_webhooks: endpoint.url ? 1 : 0,
        request: snapshot(currentRequest),
        type,
      };
      store.state.events[event.id] = event;
      store.changed();
      dispatcher.enqueue(snapshot(event));
      return event;
    },
  };

  const router = new Router();
  registerCustomers(router, context);
  registerProducts(router, context);
  registerPrices(router, context);
  registerPaymentMethods(router, context);
  registerPaymentIntents(router, context);
  registerSetupIntents(router, context);
  registerCharges(router, context);
  registerInvoicePayments(router, context);
  registerRefunds(router, context, faults);
  registerCheckoutSessions(router, context);
  registerSubscriptions(router, context);
  registerSubscriptionSchedules(router, context);
  registerInvoices(router, context);
  registerBillingPortal(router, context);
  registerEvents(router, context);

  /** Runs a handler with the request recorded on the events it emits. */
  function withRequest<T>(request: EmulatorEvent["request"], action: () => T): T {
    const previous = currentRequest;
    currentRequest = request;
    try {
      return action();
    } finally {
      currentRequest = previous;
    }
  }

  function runApi(
    method: string,
    path: string,
    params: FormObject,
    requestId: string,
    idempotencyKey: string | null,
    publishableKey: boolean,
  ): ApiResult {
    const match = router.match(method, path);
    try {
      if (!match) throw urlNotFound(method, path);
      if (publishableKey && !match.publishable) throw publishableKeyRefused();
      const result = withRequest({ id: requestId, idempotency_key: idempotencyKey }, () =>
        match.handler({ method, path, params, pathParams: match.pathParams, publishableKey }),
      );
      return { status: 200, body: JSON.stringify(result, null, 2), requestId };
    } catch (error) {
      if (error instanceof StripeApiError) return { status: error.status, body: errorJson(error.body), requestId };
      console.error("[stripe-emulator] handler failed", error);
      return {
        status: 500,
        body: errorJson({ type: "api_error", message: "An unknown error occurred in the Stripe emulator." }),
        requestId,
      };
    }
  }

  function sendJson(
    response: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string> = {},
  ): void {
    response.writeHead(status, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(body),
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "no-cache, no-store",
      "Stripe-Version": STRIPE_API_VERSION,
      ...headers,
    });
    response.end(body);
  }

  /** The injected API failure: Stripe's 500 or a connection closed without an answer. */
  function fail(response: ServerResponse, requestId: string): void {
    if (faults.failMode === "drop") {
      response.socket?.destroy();
      return;
    }
    sendJson(
      response,
      500,
      errorJson({
        type: "api_error",
        message: "An error occurred with our connection to Stripe. Request was retried 0 times.",
      }),
      {
        "Request-Id": requestId,
      },
    );
  }

  /** Every SDK POST carries a key, so expired ones are dropped to keep the state file small. */
  function forgetExpiredKeys(): void {
    const cutoff = Date.now() - IDEMPOTENCY_KEY_LIFETIME_MS;
    for (const [key, saved] of Object.entries(store.state.idempotency)) {
      if (!(saved.savedAt >= cutoff)) delete store.state.idempotency[key];
    }
  }

  // API calls served since start, for benchmarks (GET /_emulator/requests).
  const apiRequests = { reads: 0, writes: 0 };

  async function handleApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const method = request.method ?? "GET";
    // Stripe's API answers browsers' CORS preflights (Stripe.js calls it from the merchant's page).
    if (method === "OPTIONS") {
      response.writeHead(204, {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": "GET, POST, DELETE",
        "Access-Control-Allow-Headers": "Authorization, Content-Type, Stripe-Version, Idempotency-Key",
        "Access-Control-Max-Age": "300",
      });
      response.end();
      return;
    }
    const requestId = newRequestId();
    const failing = consume(faults, "failRequests");
    const body = await readBody(request);
    if (faults.apiLatencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.apiLatencyMs));
    if (failing && faults.failPhase === "before") {
      fail(response, requestId);
      return;
    }
    const apiKey = apiKeyOf(request);
    if (!apiKey) {
      sendJson(
        response,
        401,
        errorJson({
          type: "invalid_request_error",
          message:
            "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
        }),
        { "Request-Id": requestId },
      );
      return;
    }
    // Stripe.js calls with the account's publishable key, checked when one is configured.
    const accountKey = apiKey.startsWith("pk_") ? options.publishableKey : options.apiKey;
    if (accountKey !== undefined && apiKey !== accountKey) {
      sendJson(
        response,
        401,
        errorJson({ type: "invalid_request_error", message: `Invalid API Key provided: ${redactKey(apiKey)}` }),
        { "Request-Id": requestId },
      );
      return;
    }
    let params: FormObject;
    try {
      params = { ...parseForm(url.search.slice(1)), ...parseForm(body) };
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      sendJson(response, error.status, errorJson(error.body), { "Request-Id": requestId });
      return;
    }
    const idempotencyHeader = request.headers["idempotency-key"];
    const idempotencyKey = method === "POST" && typeof idempotencyHeader === "string" ? idempotencyHeader : null;
    const headers: Record<string, string> = { "Request-Id": requestId };
    if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;

    let result: ApiResult;
    const storeKey = idempotencyKey ? `${apiKey}:${idempotencyKey}` : undefined;
    const fingerprint = `${method} ${url.pathname} ${canonical(params)}`;
    const previous = storeKey ? store.state.idempotency[storeKey] : undefined;
    if (previous && idempotencyKey) {
      if (previous.fingerprint !== fingerprint) {
        result = {
          status: 400,
          requestId,
          body: errorJson({
            type: "idempotency_error",
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          }),
        };
      } else {
        headers["Idempotent-Replayed"] = "true";
        headers["Original-Request"] = previous.requestId;
        result = { status: previous.status, body: previous.body, requestId: previous.requestId };
      }
    } else {
      result = runApi(method, url.pathname, params, requestId, idempotencyKey, apiKey.startsWith("pk_"));
      // Like Stripe, requests rejected while validating their parameters are not saved for replay.
      const rejected = result.status === 400 && /"code": "parameter_/.test(result.body);
      if (storeKey && !rejected && result.status !== 500) {
        store.state.idempotency[storeKey] = {
          method,
          path: url.pathname,
          fingerprint,
          status: result.status,
          body: result.body,
          requestId,
          savedAt: Date.now(),
        };
        forgetExpiredKeys();
        store.changed();
      }
    }
    if (failing) {
      fail(response, requestId);
      return;
    }
    options.onApiResponse?.({ method, path: url.pathname, status: result.status, body: result.body });
    sendJson(response, result.status, result.body, headers);
  }

  function sendPage(response: ServerResponse, result: PageResponse): void {
    if ("redirect" in result) {
      response.writeHead(303, { Location: result.redirect, "Cache-Control": "no-store" });
      response.end();
      return;
    }
    response.writeHead(result.status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    response.end(result.html);
  }

  async function formOf(request: IncomingMessage): Promise<Record<string, string>> {
    if (request.method !== "POST") return {};
    return Object.fromEntries(new URLSearchParams(await readBody(request)));
  }

  const automatic = { id: null, idempotency_key: null };

  /** The Stripe.js stand-in and the pages it frames or navigates to; true when it answered. */
  async function handleStripeJs(
    request: IncomingMessage,
    response: ServerResponse,
    method: string,
    parts: string[],
    url: URL,
  ): Promise<boolean> {
    if (parts[0] !== "_emulator") return false;
    const [, section, id, step] = parts;
    if (section === "stripe.js" && method === "GET") {
      response.writeHead(200, {
        "Content-Type": "text/javascript; charset=utf-8",
        "Cache-Control": "no-cache",
        "Access-Control-Allow-Origin": "*",
      });
      response.end(standInScript(baseUrl));
      return true;
    }
    // Only the authentication page takes a form; other control paths read their own body.
    const form = section === "authenticate" ? await formOf(request) : {};
    const page = withRequest(automatic, (): PageResponse | undefined => {
      if (section === "elements" && id === "card") return cardFramePage(url.searchParams);
      if (section === "embedded-checkout" && id && step === "complete") return embeddedCheckoutComplete(context, id);
      if (section === "embedded-checkout" && id && !step) return embeddedCheckoutFrame(context, id, url.searchParams);
      if (section === "authenticate" && id) return authenticationPage(context, method, id, form);
      if (section === "receipts" && id) return receiptPage(context, id);
      return undefined;
    });
    if (!page) return false;
    sendPage(response, page);
    return true;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://emulator.invalid");
    const method = request.method ?? "GET";
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    if (parts[0] === "v1") {
      apiRequests[method === "GET" ? "reads" : "writes"] += 1;
      await handleApi(request, response, url);
      return;
    }
    const frame = await handleStripeJs(request, response, method, parts, url);
    if (frame) return;
    if (parts[0] === "_emulator") {
      if (
        parts[1] === "deliveries" &&
        parts.length === 2 &&
        method === "GET" &&
        (request.headers.accept ?? "").includes("text/html")
      ) {
        sendPage(response, handleDeliveriesPage(dispatcher.deliveries));
        return;
      }
      const body = method === "GET" ? "" : await readBody(request);
      const answer = await withRequest(automatic, () =>
        handleControl(
          { context, dispatcher, faults, endpoint, apiRequests, resetAll: reset },
          method,
          parts.slice(1),
          body,
        ),
      );
      sendJson(response, answer.status, JSON.stringify(answer.body, null, 2));
      return;
    }
    const form = await formOf(request);
    const page = withRequest(automatic, (): PageResponse | undefined => {
      if (parts[0] === "c" && parts[1] === "pay" && parts[2])
        return handleCheckoutPage(context, method, parts[2], parts[3], form);
      if (parts[0] === "p" && parts[1] === "session" && parts[2])
        return handlePortalPage(context, method, parts[2], form, url.searchParams);
      if (parts[0] === "i" && parts[1]) return handleInvoicePage(context, method, parts[1], form);
      return undefined;
    });
    if (page) {
      sendPage(response, page);
      return;
    }
    // Every hosted page names this icon; browsers also ask for /favicon.ico on their own.
    if (method === "GET" && (url.pathname === FAVICON_PATH || url.pathname === "/favicon.ico")) {
      response.writeHead(200, { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400" });
      response.end(FAVICON_SVG);
      return;
    }
    if (url.pathname === "/") {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      response.end(
        `<!doctype html><title>Stripe emulator</title><h1>Stripe emulator</h1><p>API base: ${escapeHtml(baseUrl)}/v1</p><p><a href="/_emulator/deliveries">Webhook deliveries</a> · <a href="/_emulator/state">State (JSON)</a></p>`,
      );
      return;
    }
    sendJson(response, 404, errorJson(urlNotFound(method, url.pathname).body));
  }

  function reset(): void {
    store.reset();
    dispatcher.clear();
    Object.assign(faults, noFaults());
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof StripeApiError) {
        if (!response.headersSent) sendJson(response, error.status, errorJson(error.body));
        return;
      }
      console.error("[stripe-emulator] request failed", error);
      if (!response.headersSent)
        sendJson(response, 500, errorJson({ type: "api_error", message: "Internal emulator error." }));
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;

  const tickMs = options.tickIntervalMs ?? 1_000;
  const ticker =
    tickMs > 0 ? setInterval(() => withRequest(automatic, () => advanceTo(context, clock.now())), tickMs) : undefined;
  ticker?.unref();

  return {
    url: baseUrl,
    port,
    get webhookSecret() {
      return endpoint.secret;
    },
    now: () => clock.now(),
    advanceClock(by) {
      const target = "seconds" in by ? clock.now() + by.seconds : by.to;
      return withRequest(automatic, () => advanceTo(context, target));
    },
    flushDeliveries: (timeoutMs = 30_000) => dispatcher.flush(timeoutMs),
    deliveries: () => snapshot(dispatcher.deliveries),
    setFaults(update) {
      Object.assign(faults, update);
    },
    setWebhookEndpoint(url, secret) {
      endpoint.url = url;
      if (secret) endpoint.secret = secret;
    },
    reset,
    async stop() {
      if (ticker) clearInterval(ticker);
      dispatcher.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.save();
    },
  };
}

import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "playwright";
import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../test-helpers";

/**
 * Drives the Stripe.js stand-in in Chromium the way @stripe/react-stripe-js 7
 * does, from a page on another origin than the emulator's (as the app is).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let harness: Harness;
let browser: Browser;
let app: Server;
let appOrigin = "";
let page: Page;

function appPage(emulatorUrl: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title>
<script src="${emulatorUrl}/_emulator/stripe.js"></script></head>
<body><h1>Shop</h1><div id="payment"></div><div id="checkout"></div><p id="done"></p></body></html>`;
}

/** What the app's loader module does with the side-effect-free entry: the stand-in first, then loadStripe. */
function pureLoaderPage(emulatorUrl: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Pure</title></head><body>
<script type="module">
import { loadStripe } from "/stripe-js/pure.mjs";
const standIn = new Promise((resolve, reject) => {
  const script = document.createElement("script");
  script.src = ${JSON.stringify(`${emulatorUrl}/_emulator/stripe.js`)};
  script.onload = resolve;
  script.onerror = reject;
  document.head.appendChild(script);
});
window.loaded = standIn.then(() => loadStripe("pk_test_emulator")).then((stripe) => typeof stripe.elements);
</script></body></html>`;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH.`);
  harness = await startHarness();
  app = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://app.invalid").pathname;
    const entry = /^\/stripe-js\/(index|pure)\.mjs$/.exec(path)?.[1];
    if (entry) {
      response.writeHead(200, { "Content-Type": "text/javascript" });
      response.end(readFileSync(`node_modules/@stripe/stripe-js/dist/${entry}.mjs`));
      return;
    }
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(path === "/pure" ? pureLoaderPage(harness.emulator.url) : appPage(harness.emulator.url));
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appOrigin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (app ? app.close(() => resolve()) : resolve()));
  await harness?.emulator.stop();
});

beforeEach(async () => {
  const context = await browser.newContext();
  page = await context.newPage();
  await page.goto(`${appOrigin}/shop`);
});

/** Mounts a Payment Element for the client secret and records its events on `window.events`. */
async function mountPaymentElement(clientSecret: string): Promise<void> {
  await page.evaluate((secret) => {
    const w = window as unknown as Record<string, unknown> & {
      Stripe: (key: string) => Record<string, (...args: unknown[]) => unknown>;
    };
    const stripe = w.Stripe("pk_test_emulator");
    const elements = stripe.elements!({ clientSecret: secret }) as {
      create: (type: string) => {
        mount: (node: string) => void;
        on: (event: string, cb: (e: unknown) => void) => void;
      };
    };
    const element = elements.create("payment");
    const events: unknown[] = [];
    element.on("ready", (event) => events.push({ ready: event }));
    element.on("change", (event) => events.push({ change: event }));
    element.mount("#payment");
    Object.assign(w, { stripe, elements, events });
  }, clientSecret);
  await expect
    .poll(() => page.evaluate(() => JSON.stringify((window as unknown as { events: unknown[] }).events)))
    .toContain("ready");
}

async function fillCard(number: string): Promise<void> {
  const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
  await frame.locator("#cardNumber").fill(number);
  await frame.locator("#cardExpiry").fill("12 / 34");
  await frame.locator("#cardCvc").fill("123");
}

function confirm(kind: "Payment" | "Setup", redirect: "always" | "if_required", returnUrl: string) {
  return page.evaluate(
    ([method, mode, url]) => {
      const w = window as unknown as {
        stripe: Record<string, (options: unknown) => Promise<unknown>>;
        elements: unknown;
      };
      return w.stripe[`confirm${method}`]!({
        elements: w.elements,
        confirmParams: { return_url: url },
        redirect: mode,
      });
    },
    [kind, redirect, returnUrl] as const,
  ) as Promise<{
    error?: Stripe.StripeRawError;
    paymentIntent?: Stripe.PaymentIntent;
    setupIntent?: Stripe.SetupIntent;
  }>;
}

describe("Stripe.js stand-in", () => {
  it("is what loadStripe and react-stripe-js accept: window.Stripe on release train endive with their checked methods", async () => {
    const shape = await page.evaluate(() => {
      const StripeConstructor = (
        window as unknown as { Stripe: ((key: string) => Record<string, unknown>) & { version: string } }
      ).Stripe;
      const stripe = StripeConstructor("pk_test_emulator");
      const names = [
        "elements",
        "createToken",
        "createPaymentMethod",
        "confirmCardPayment",
        "confirmPayment",
        "confirmSetup",
        "createEmbeddedCheckoutPage",
        "_registerWrapper",
        "registerAppInfo",
      ];
      return {
        version: StripeConstructor.version,
        functions: names.filter((name) => typeof stripe[name] === "function"),
      };
    });
    expect(shape.version).toBe("endive");
    expect(shape.functions).toHaveLength(9);
  });

  it.each(["index", "pure"])(
    "lets loadStripe from @stripe/stripe-js (%s entry) resolve to the stand-in without contacting Stripe",
    async (entry) => {
      const contacted: string[] = [];
      page.on("request", (request) => {
        if (/stripe\.com/.test(new URL(request.url()).hostname)) contacted.push(request.url());
      });
      if (entry === "index") {
        // The page already has the stand-in in its head; importing the default entry must not inject js.stripe.com.
        await page.addScriptTag({
          type: "module",
          content: `import { loadStripe } from "/stripe-js/index.mjs";
window.loaded = loadStripe("pk_test_emulator").then((stripe) => typeof stripe.elements);`,
        });
      } else {
        await page.goto(`${appOrigin}/pure`);
      }
      await expect
        .poll(() => page.evaluate(() => (window as unknown as { loaded?: Promise<string> }).loaded))
        .toBe("function");
      expect(contacted).toEqual([]);
    },
  );

  it("retrieves a PaymentIntent from the page with the publishable key and client secret (CORS)", async () => {
    const intent = await harness.stripe.paymentIntents.create({ amount: 900, currency: "usd" });
    const result = await page.evaluate((secret) => {
      const w = window as unknown as {
        Stripe: (key: string) => { retrievePaymentIntent: (s: string) => Promise<unknown> };
      };
      return w.Stripe("pk_test_emulator").retrievePaymentIntent(secret);
    }, intent.client_secret ?? "");
    expect(result).toMatchObject({ paymentIntent: { id: intent.id, status: "requires_payment_method" } });
  });

  it("pays with 4242 in a card frame on the emulator's origin; the app's DOM never holds the card", async () => {
    const intent = await harness.stripe.paymentIntents.create({ amount: 900, currency: "usd" });
    await mountPaymentElement(intent.client_secret ?? "");
    const frameUrl = await page.locator('iframe[title="Secure payment input frame"]').getAttribute("src");
    expect(new URL(frameUrl ?? "").origin).toBe(harness.emulator.url);
    await fillCard("4242 4242 4242 4242");
    await expect
      .poll(() => page.evaluate(() => JSON.stringify((window as unknown as { events: unknown[] }).events)))
      .toContain('"complete":true');
    expect(await page.content()).not.toContain("4242");

    const result = await confirm("Payment", "if_required", `${appOrigin}/return`);
    expect(result.error).toBeUndefined();
    expect(result.paymentIntent).toMatchObject({ id: intent.id, status: "succeeded" });
    expect((await harness.stripe.paymentIntents.retrieve(intent.id)).status).toBe("succeeded");
  });

  it.each([
    ["4000 0000 0000 0002", "generic_decline", "Your card was declined."],
    ["4000 0000 0000 9995", "insufficient_funds", "Your card has insufficient funds."],
  ])("answers %s with Stripe's decline (%s) and shows it in the frame", async (number, declineCode, message) => {
    const intent = await harness.stripe.paymentIntents.create({ amount: 900, currency: "usd" });
    await mountPaymentElement(intent.client_secret ?? "");
    await fillCard(number);
    const result = await confirm("Payment", "always", `${appOrigin}/return`);
    expect(result.error).toMatchObject({
      type: "card_error",
      code: "card_declined",
      decline_code: declineCode,
      message,
    });
    const shown = page.frameLocator('iframe[title="Secure payment input frame"]').locator("#card-error");
    await expect.poll(() => shown.textContent()).toBe(message);
    expect(page.url()).toBe(`${appOrigin}/shop`);
  });

  it("reports an incomplete card as a validation error without calling the API", async () => {
    const intent = await harness.stripe.paymentIntents.create({ amount: 900, currency: "usd" });
    await mountPaymentElement(intent.client_secret ?? "");
    const result = await confirm("Payment", "always", `${appOrigin}/return`);
    expect(result.error).toMatchObject({ type: "validation_error", code: "incomplete_number" });
    expect((await harness.stripe.paymentIntents.retrieve(intent.id)).status).toBe("requires_payment_method");
  });

  it("takes 3155 through the authentication page and back to the return URL, passed or failed", async () => {
    for (const [button, status] of [
      ["#complete-authentication", "succeeded"],
      ["#fail-authentication", "failed"],
    ] as const) {
      await page.goto(`${appOrigin}/shop`);
      const intent = await harness.stripe.paymentIntents.create({ amount: 900, currency: "usd" });
      await mountPaymentElement(intent.client_secret ?? "");
      await fillCard("4000 0025 0000 3155");
      void confirm("Payment", "always", `${appOrigin}/return`).catch(() => undefined);
      await page.waitForURL(`${harness.emulator.url}/_emulator/authenticate/${intent.id}`);
      await page.click(button);
      await page.waitForURL(/\/return\?/);
      const landed = new URL(page.url());
      expect(landed.searchParams.get("payment_intent")).toBe(intent.id);
      expect(landed.searchParams.get("redirect_status")).toBe(status);
      expect((await harness.stripe.paymentIntents.retrieve(intent.id)).status).toBe(
        status === "succeeded" ? "succeeded" : "requires_payment_method",
      );
    }
  });

  it("saves a card with confirmSetup and redirects to the return URL", async () => {
    const customer = await harness.stripe.customers.create({ email: "saver@example.com" });
    const setup = await harness.stripe.setupIntents.create({ customer: customer.id, usage: "off_session" });
    await mountPaymentElement(setup.client_secret ?? "");
    await fillCard("4242 4242 4242 4242");
    void confirm("Setup", "always", `${appOrigin}/account/billing`).catch(() => undefined);
    await page.waitForURL(/\/account\/billing\?/);
    expect(new URL(page.url()).searchParams.get("redirect_status")).toBe("succeeded");
    const saved = await harness.stripe.setupIntents.retrieve(setup.id);
    expect(saved.status).toBe("succeeded");
    expect((await harness.stripe.paymentMethods.retrieve(String(saved.payment_method))).customer).toBe(customer.id);
  });
});

describe("Embedded Checkout in the stand-in", () => {
  async function embeddedSession(options: { redirect: "always" | "never" }): Promise<Stripe.Checkout.Session> {
    const product = await harness.stripe.products.create({ name: "Pro" });
    const price = await harness.stripe.prices.create({
      product: product.id,
      currency: "usd",
      unit_amount: 2000,
      recurring: { interval: "month" },
    });
    return harness.stripe.checkout.sessions.create({
      mode: "subscription",
      ui_mode: "embedded_page",
      customer_email: "embedded@example.com",
      line_items: [{ price: price.id, quantity: 1 }],
      ...(options.redirect === "never"
        ? { redirect_on_completion: "never" as const }
        : { return_url: `${appOrigin}/checkout/return?session_id={CHECKOUT_SESSION_ID}` }),
    });
  }

  async function mountCheckout(clientSecret: string): Promise<void> {
    await page.evaluate((secret) => {
      const w = window as unknown as {
        Stripe: (key: string) => {
          createEmbeddedCheckoutPage: (options: unknown) => Promise<{ mount: (node: string) => void }>;
        };
      };
      return w
        .Stripe("pk_test_emulator")
        .createEmbeddedCheckoutPage({
          fetchClientSecret: () => Promise.resolve(secret),
          onComplete: () => {
            document.getElementById("done")!.textContent = "completed";
          },
        })
        .then((checkout) => checkout.mount("#checkout"));
    }, clientSecret);
  }

  async function payInFrame(): Promise<void> {
    const frame = page.frameLocator('iframe[title="Embedded Checkout"]');
    await frame.locator("#cardNumber").fill("4242 4242 4242 4242");
    await frame.locator("#cardExpiry").fill("12 / 34");
    await frame.locator("#cardCvc").fill("123");
    await frame.locator("#name").fill("Embedded Buyer");
    await frame.locator("#submit").click();
  }

  it("pays in the emulator's form inside the page and redirects the top page to the return URL", async () => {
    const session = await embeddedSession({ redirect: "always" });
    await mountCheckout(session.client_secret ?? "");
    await payInFrame();
    await page.waitForURL(`${appOrigin}/checkout/return?session_id=${session.id}`);
    const completed = await harness.stripe.checkout.sessions.retrieve(session.id);
    expect(completed).toMatchObject({ status: "complete", payment_status: "paid" });
  });

  it("calls onComplete instead when redirect_on_completion is never", async () => {
    const session = await embeddedSession({ redirect: "never" });
    await mountCheckout(session.client_secret ?? "");
    await payInFrame();
    await expect.poll(() => page.locator("#done").textContent()).toBe("completed");
    expect(page.url()).toBe(`${appOrigin}/shop`);
  });

  it("refuses to frame a session without its client secret", async () => {
    const session = await embeddedSession({ redirect: "always" });
    const response = await fetch(
      `${harness.emulator.url}/_emulator/embedded-checkout/${session.id}?client_secret=wrong`,
      { redirect: "manual" },
    );
    expect(response.status).toBe(404);
  });
});

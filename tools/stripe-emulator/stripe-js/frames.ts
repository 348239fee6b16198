import type { EmulatorContext } from "../context";
import { formatAmount } from "../billing";
import { formatDay, Html, html, notFoundPage, page, type PageResponse } from "../hosted/html";
import { completeAuthentication, completeSetupAuthentication } from "../payments";

/**
 * The pages the Stripe.js stand-in frames or navigates to, all on the
 * emulator's origin: the Payment Element's card fields, Embedded Checkout
 * and the 3-D Secure challenge.
 */

const SOURCE = "tollgate-stripe-emulator";

/** Inline script of the card frame: validates like Elements, then creates the card and confirms the intent. */
function cardFrameScript(parentOrigin: string, key: string, name: string): string {
  return `(function () {
var PARENT = ${JSON.stringify(parentOrigin)}, KEY = ${JSON.stringify(key)}, NAME = ${JSON.stringify(name)}, SOURCE = ${JSON.stringify(SOURCE)};
var fields = { number: document.getElementById("cardNumber"), expiry: document.getElementById("cardExpiry"), cvc: document.getElementById("cardCvc") };
var errorBox = document.getElementById("card-error");
function post(message) { message.source = SOURCE; message.name = NAME; window.parent.postMessage(message, PARENT); }
function luhn(digits) { var sum = 0; for (var i = 0; i < digits.length; i++) { var d = Number(digits[digits.length - 1 - i]); if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; } sum += d; } return sum % 10 === 0; }
function check() {
  var number = fields.number.value.replace(/[\\s-]/g, "");
  if (number.length < 13 || !/^\\d+$/.test(number)) return { code: "incomplete_number", message: "Your card number is incomplete." };
  if (!luhn(number)) return { code: "invalid_number", message: "Your card number is invalid." };
  var expiry = /^\\s*(\\d{1,2})\\s*\\/\\s*(\\d{2}|\\d{4})\\s*$/.exec(fields.expiry.value);
  if (!expiry) return { code: "incomplete_expiry", message: "Your card's expiration date is incomplete." };
  var month = Number(expiry[1]), year = expiry[2].length === 2 ? 2000 + Number(expiry[2]) : Number(expiry[2]);
  if (month < 1 || month > 12) return { code: "invalid_expiry_month", message: "Your card's expiration date is invalid." };
  var now = new Date();
  if (year < now.getFullYear() || (year === now.getFullYear() && month < now.getMonth() + 1)) return { code: "invalid_expiry_year_past", message: "Your card's expiration year is in the past." };
  if (!new RegExp("^\\\\d{" + (number.charAt(0) === "3" ? 4 : 3) + "}$").test(fields.cvc.value.trim())) return { code: "incomplete_cvc", message: "Your card's security code is incomplete." };
  return null;
}
function showError(error) { errorBox.textContent = error ? error.message : ""; errorBox.hidden = !error; }
Object.keys(fields).forEach(function (key) {
  fields[key].addEventListener("input", function () {
    var empty = !fields.number.value && !fields.expiry.value && !fields.cvc.value;
    showError(null);
    post({ type: "change", complete: check() === null, empty: empty });
  });
  fields[key].addEventListener("focus", function () { post({ type: "focus" }); });
  fields[key].addEventListener("blur", function () { post({ type: "blur" }); });
});
function api(path, params) {
  return fetch("/v1/" + path, { method: "POST", headers: { Authorization: "Bearer " + KEY, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params) })
    .then(function (response) { return response.json(); });
}
function confirm(data) {
  var invalid = check();
  if (invalid) { showError(invalid); return Promise.resolve({ error: { type: "validation_error", code: invalid.code, message: invalid.message } }); }
  var match = /^((?:pi|seti)_[A-Za-z0-9]+)_secret_/.exec(data.clientSecret || "");
  if (!match) return Promise.resolve({ error: { type: "integration_error", message: "Invalid value for clientSecret." } });
  var expiry = /(\\d{1,2})\\s*\\/\\s*(\\d{2,4})/.exec(fields.expiry.value);
  var year = expiry[2].length === 2 ? "20" + expiry[2] : expiry[2];
  return api("payment_methods", { type: "card", "card[number]": fields.number.value.replace(/\\s/g, ""), "card[exp_month]": String(Number(expiry[1])), "card[exp_year]": year, "card[cvc]": fields.cvc.value.trim() })
    .then(function (paymentMethod) {
      if (paymentMethod.error) return { error: paymentMethod.error };
      var params = { client_secret: data.clientSecret, payment_method: paymentMethod.id };
      if (data.returnUrl) params.return_url = data.returnUrl;
      if (data.receiptEmail && data.kind === "payment") params.receipt_email = data.receiptEmail;
      return api((data.kind === "payment" ? "payment_intents/" : "setup_intents/") + match[1] + "/confirm", params)
        .then(function (intent) { return intent.error ? { error: intent.error } : { intent: intent }; });
    })
    .then(function (answer) { if (answer.error) showError(answer.error); return answer; });
}
window.addEventListener("message", function (event) {
  if (event.origin !== PARENT || event.source !== window.parent || !event.data || event.data.source !== SOURCE) return;
  var data = event.data;
  var work = data.type === "confirm" ? confirm(data)
    : data.type === "validate" ? Promise.resolve(check() ? { error: Object.assign({ type: "validation_error" }, check()) } : {})
    : data.type === "clear" ? Promise.resolve((fields.number.value = fields.expiry.value = fields.cvc.value = "", {}))
    : Promise.resolve({});
  work.then(function (answer) { answer.type = "result"; answer.requestId = data.requestId; post(answer); });
});
post({ type: "ready" });
})();`;
}

const FRAME_STYLES = new Html(
  `<style>body{background:transparent}main{display:block;padding:2px;max-width:none}label{margin-top:8px}</style>`,
);

/** `/_emulator/elements/card`: the Payment Element's card fields. */
export function cardFramePage(search: URLSearchParams): PageResponse {
  const parentOrigin = search.get("origin") ?? "";
  const key = search.get("key") ?? "";
  const name = search.get("name") ?? "";
  if (!/^https?:\/\/[^/]+$/.test(parentOrigin) || !key.startsWith("pk_")) {
    return notFoundPage("The Payment Element frame needs the page's origin and a publishable key.");
  }
  const body = html`${FRAME_STYLES}
    <main>
      <label for="cardNumber">Card number</label>
      <input id="cardNumber" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" />
      <div class="row">
        <div>
          <label for="cardExpiry">Expiration date</label>
          <input id="cardExpiry" inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY" />
        </div>
        <div>
          <label for="cardCvc">Security code</label>
          <input id="cardCvc" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC" />
        </div>
      </div>
      <div class="error" id="card-error" role="alert" hidden></div>
      <p class="hint">
        Test cards: 4242 4242 4242 4242 · 4000 0000 0000 0002 · 4000 0000 0000 9995 · 4000 0025 0000 3155
      </p>
    </main>
    <script>
      ${new Html(cardFrameScript(parentOrigin, key, name))};
    </script>`;
  return { status: 200, html: page("Payment details", body) };
}

/** `/_emulator/embedded-checkout/:id?client_secret=…`: the session's checkout form, if the secret matches. */
export function embeddedCheckoutFrame(
  context: EmulatorContext,
  sessionId: string,
  search: URLSearchParams,
): PageResponse {
  const session = context.store.state.checkoutSessions[sessionId];
  if (!session || session.ui_mode !== "embedded_page" || session.client_secret !== search.get("client_secret")) {
    return notFoundPage("Something went wrong: this embedded checkout session does not exist.");
  }
  return { redirect: `/c/pay/${session.id}` };
}

/** Where the checkout form lands after paying an embedded session: tells the stand-in to finish. */
export function embeddedCheckoutComplete(context: EmulatorContext, sessionId: string): PageResponse {
  const session = context.store.state.checkoutSessions[sessionId];
  if (!session || session.ui_mode !== "embedded_page" || session.status !== "complete") {
    return notFoundPage("This embedded checkout session is not complete.");
  }
  const message = {
    source: SOURCE,
    type: "checkout-complete",
    redirectOnCompletion: session.redirect_on_completion ?? "always",
    returnUrl: session.return_url ? session.return_url.replace("{CHECKOUT_SESSION_ID}", session.id) : null,
  };
  // The message holds no secret (the app's own return URL), so any parent may read it; the stand-in checks the sender.
  const body = html`<main>
      <section class="panel" data-testid="embedded-checkout-complete">
        <h1>Thanks for your order</h1>
        <p>Payment complete.</p>
      </section>
    </main>
    <script>
      window.parent.postMessage(${new Html(JSON.stringify(message))}, "*");
    </script>`;
  return { status: 200, html: page("Checkout complete", body) };
}

/** `/_emulator/authenticate/:intentId`: the 3-D Secure challenge for a PaymentIntent or SetupIntent. */
export function authenticationPage(
  context: EmulatorContext,
  method: string,
  intentId: string,
  form: Record<string, string>,
): PageResponse {
  const state = context.store.state;
  const intent = state.paymentIntents[intentId] ?? state.setupIntents[intentId];
  if (!intent) return notFoundPage("This payment does not exist.");
  const returnUrl = intent.next_action?.redirect_to_url?.return_url ?? null;
  if (method === "GET") {
    if (intent.status !== "requires_action") return notFoundPage("This payment is not waiting for authentication.");
    const body = html`<main>
      <section class="panel">
        <h1>3D Secure 2 Test Page</h1>
        <p class="muted">Your bank asks you to confirm this payment. In test mode you decide the outcome.</p>
        <form method="post" action="/_emulator/authenticate/${intent.id}">
          <button type="submit" name="action" value="complete" id="complete-authentication">
            Complete authentication
          </button>
          <button type="submit" name="action" value="fail" class="secondary" id="fail-authentication">
            Fail authentication
          </button>
        </form>
      </section>
    </main>`;
    return { status: 200, html: page("Authenticate payment", body) };
  }
  const passed = form.action === "complete";
  const outcome =
    intent.object === "payment_intent"
      ? completeAuthentication(context, intent, passed)
      : completeSetupAuthentication(context, intent, passed);
  const status = outcome.ok ? "succeeded" : "failed";
  if (!returnUrl) {
    return {
      status: 200,
      html: page(
        "Authentication complete",
        html`<main>
          <section class="panel"><h1>Authentication ${status}</h1></section>
        </main>`,
      ),
    };
  }
  const target = new URL(returnUrl);
  const kind = intent.object === "payment_intent" ? "payment_intent" : "setup_intent";
  target.searchParams.set(kind, intent.id);
  target.searchParams.set(`${kind}_client_secret`, intent.client_secret ?? "");
  target.searchParams.set("redirect_status", status);
  return { redirect: target.toString() };
}

/** `/_emulator/receipts/:chargeId`: the page a charge's `receipt_url` opens. */
export function receiptPage(context: EmulatorContext, chargeId: string): PageResponse {
  const charge = context.store.state.charges[chargeId];
  if (!charge || !charge.paid) return notFoundPage("This receipt does not exist.");
  const card = charge.payment_method_details?.card;
  const body = html`<main>
    <section class="panel" data-testid="receipt">
      <h1>Receipt from Tollgate (Stripe emulator)</h1>
      <p class="price">${formatAmount(charge.amount, charge.currency)}</p>
      <p class="muted">Paid ${formatDay(charge.created)} · ${card?.brand ?? "card"} ending ${card?.last4 ?? ""}</p>
      ${charge.description ? html`<p>${charge.description}</p>` : html``}
      ${charge.amount_refunded > 0 ? html`<p>Refunded ${formatAmount(charge.amount_refunded, charge.currency)}</p>` : html``}
    </section>
  </main>`;
  return { status: 200, html: page("Receipt", body) };
}

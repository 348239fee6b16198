/** What a hosted page handler answers: a page, or a redirect after a form post. */
export type PageResponse = { status: number; html: string } | { redirect: string };

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = string | number | null | undefined | Html | Html[];

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0] ?? "";
  values.forEach((value, index) => {
    if (Array.isArray(value)) out += value.map((item) => item.value).join("");
    else if (value instanceof Html) out += value.value;
    else if (value !== null && value !== undefined) out += escapeHtml(String(value));
    out += strings[index + 1] ?? "";
  });
  return new Html(out);
}

const STYLES = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;color:#1a1f36;background:#f6f9fc}
main{max-width:960px;margin:0 auto;padding:32px 20px;display:flex;gap:40px;flex-wrap:wrap}
.summary,.panel{flex:1 1 360px}
.panel{background:#fff;border-radius:8px;box-shadow:0 2px 8px rgba(60,66,87,.12);padding:28px}
.banner{background:#ffde92;color:#5d4200;text-align:center;font-size:13px;padding:6px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:24px 0 8px}
.muted{color:#697386}
.price{font-size:36px;font-weight:600;margin:8px 0}
label{display:block;font-weight:500;margin:14px 0 6px}
input,select{width:100%;padding:10px 12px;border:1px solid #cfd7df;border-radius:6px;font:inherit}
.row{display:flex;gap:12px}.row>div{flex:1}
button{font:inherit;font-weight:600;border:0;border-radius:6px;padding:12px 16px;cursor:pointer;background:#635bff;color:#fff;width:100%;margin-top:20px}
button.secondary{background:#fff;color:#1a1f36;border:1px solid #cfd7df}
button.danger{background:#df1b41}
.inline{display:inline}.inline button{width:auto;margin:0 8px 0 0;padding:8px 14px}
.error{background:#fff0f0;border:1px solid #f5b5b5;color:#b3093c;border-radius:6px;padding:10px 12px;margin:12px 0}
.notice{background:#effaf3;border:1px solid #a8e0bd;color:#0e6245;border-radius:6px;padding:10px 12px;margin:12px 0}
table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:8px 6px;border-bottom:1px solid #e3e8ee;font-size:14px}
.badge{display:inline-block;border-radius:4px;padding:1px 6px;font-size:12px;font-weight:600;background:#e3e8ee}
.badge.ok{background:#d7f7c2;color:#05690d}.badge.info{background:#cff5f6;color:#0055bc}.badge.warn{background:#fcedb9;color:#a82c00}.badge.bad{background:#ffe7f2;color:#b3093c}.badge.ended{background:#ebeef1;color:#545969}
input[aria-invalid=true]{border-color:#df1b41}
.actions{display:flex;gap:16px;flex-wrap:wrap;align-items:center;margin-top:20px}.actions form{margin:0}.actions button{width:auto;margin-top:0}
a{color:#635bff}
.hint{font-size:12px;color:#697386;margin-top:16px}
`;

/** Dates as Stripe's pages print them, in UTC so they match the unix timestamps in the API. */
export function formatDay(time: number): string {
  return new Date(time * 1000).toLocaleDateString("en-US", {
    month: "long",
    day: "numeric",
    year: "numeric",
    timeZone: "UTC",
  });
}

export function page(title: string, body: Html): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml">
<style>${STYLES}</style>
</head>
<body>
<div class="banner">Test mode · local Stripe emulator</div>
${body.value}
<script>${CARD_INPUT_SCRIPT}</script>
</body>
</html>`;
}

export function notFoundPage(message: string): PageResponse {
  return {
    status: 404,
    html: page(
      "Not found",
      html`<main>
        <div class="panel">
          <h1>Not found</h1>
          <p>${message}</p>
        </div>
      </main>`,
    ),
  };
}

export const FAVICON_PATH = "/favicon.svg";

/** The emulator's icon: a purple rounded square with a white "S", like the test-mode pages it stands in for. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#635bff"/><path d="M14.6 12.4c0-.9.8-1.3 2-1.3 1.8 0 4 .5 5.8 1.5V7.3A15.3 15.3 0 0 0 16.6 6C11.9 6 8.8 8.4 8.8 12.6c0 6.4 8.8 5.4 8.8 8.2 0 1.1-.9 1.4-2.2 1.4-1.9 0-4.4-.8-6.3-1.9V26a16 16 0 0 0 6.3 1.3c4.8 0 8.1-2.4 8.1-6.6 0-6.9-8.9-5.7-8.9-8.3Z" fill="#fff"/></svg>`;

// Formats card fields as you type, as Stripe Elements does: the number in
// groups (4-6-5 for American Express, 4-4-4-4 otherwise) and the expiry as
// "MM / YY". The server accepts the digits with or without the formatting.
const CARD_INPUT_SCRIPT = `
document.addEventListener("input", function (event) {
  var field = event.target;
  if (!(field instanceof HTMLInputElement)) return;
  var digits = field.value.replace(/\\D/g, "");
  if (field.name === "cardNumber") {
    var groups = /^3[47]/.test(digits) ? [4, 6, 5] : [4, 4, 4, 4, 3];
    var parts = [], at = 0;
    for (var i = 0; i < groups.length && at < digits.length; i++) { parts.push(digits.slice(at, at + groups[i])); at += groups[i]; }
    field.value = parts.join(" ");
  } else if (field.name === "cardExpiry") {
    if (event.inputType === "deleteContentBackward" && /\\/\\s*$/.test(field.value)) { field.value = digits.slice(0, 1); return; }
    if (digits.length === 1 && digits > "1") digits = "0" + digits;
    field.value = digits.length >= 2 ? digits.slice(0, 2) + " / " + digits.slice(2, 4) : digits;
  }
});`;

export type CardFieldValues = { cardNumber?: string; cardExpiry?: string; cardCvc?: string; invalid?: string };

/**
 * Card number, expiry and CVC fields, named as the hosted forms read them.
 * After a refusal they come back with what was typed, the refused one marked
 * (and focused), so nothing has to be typed twice.
 */
export function cardFields(values: CardFieldValues = {}): Html {
  const invalid = (name: string) =>
    new Html(values.invalid === name ? ' aria-invalid="true" aria-describedby="card-error" autofocus' : "");
  return html`<label for="cardNumber">Card number</label>
    <input
      id="cardNumber"
      name="cardNumber"
      inputmode="numeric"
      autocomplete="cc-number"
      placeholder="1234 1234 1234 1234"
      maxlength="23"
      value="${values.cardNumber ?? ""}"
      ${invalid("cardNumber")}
    />
    <div class="row">
      <div>
        <label for="cardExpiry">Expiration</label
        ><input
          id="cardExpiry"
          name="cardExpiry"
          inputmode="numeric"
          autocomplete="cc-exp"
          placeholder="MM / YY"
          maxlength="7"
          value="${values.cardExpiry ?? ""}"
          ${invalid("cardExpiry")}
        />
      </div>
      <div>
        <label for="cardCvc">CVC</label
        ><input
          id="cardCvc"
          name="cardCvc"
          inputmode="numeric"
          autocomplete="cc-csc"
          placeholder="CVC"
          maxlength="4"
          value="${values.cardCvc ?? ""}"
          ${invalid("cardCvc")}
        />
      </div>
    </div>`;
}

/** The 3-D Secure step (card 3155): the test page where the tester decides the outcome, posting `action` to `postTo`. */
export function threeDSecurePage(postTo: string): PageResponse {
  const body = html`<main>
    <section class="panel">
      <h1>3D Secure 2 Test Page</h1>
      <p class="muted">Your bank asks you to confirm this payment. In test mode you decide the outcome.</p>
      <form method="post" action="${postTo}">
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

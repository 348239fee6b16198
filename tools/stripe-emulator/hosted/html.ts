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
.badge.ok{background:#d7f7c2;color:#05690d}.badge.warn{background:#fcedb9;color:#a82c00}.badge.bad{background:#ffe7f2;color:#b3093c}
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
<style>${STYLES}</style>
</head>
<body>
<div class="banner">Test mode · local Stripe emulator</div>
${body.value}
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

/** Card number, expiry and CVC fields, named as the hosted forms read them. */
export function cardFields(): Html {
  return html`<label for="cardNumber">Card number</label>
    <input
      id="cardNumber"
      name="cardNumber"
      inputmode="numeric"
      autocomplete="cc-number"
      placeholder="1234 1234 1234 1234"
    />
    <div class="row">
      <div>
        <label for="cardExpiry">Expiration</label
        ><input id="cardExpiry" name="cardExpiry" autocomplete="cc-exp" placeholder="MM / YY" />
      </div>
      <div>
        <label for="cardCvc">CVC</label
        ><input id="cardCvc" name="cardCvc" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC" />
      </div>
    </div>`;
}

// The look shared by every email: one card, a heading, paragraphs and at most
// one button in the brand colour of product.config.ts. No images, pixels or
// rewritten links: nothing tracks whether an email was opened.
import "server-only";
import { product } from "@/product.config";

export type EmailContent = { subject: string; text: string; html: string };

export type EmailBody = {
  subject: string;
  heading: string;
  /** Plain sentences; escaped for HTML. */
  paragraphs: string[];
  action?: { label: string; url: string };
  /** The small print under the button. */
  footer?: string;
};

export function renderEmail({ subject, heading, paragraphs, action, footer }: EmailBody): EmailContent {
  const text = [
    heading,
    "",
    ...paragraphs.flatMap((paragraph) => [paragraph, ""]),
    ...(action ? [`${action.label}: ${action.url}`, ""] : []),
    ...(footer ? [footer] : []),
  ]
    .join("\n")
    .trimEnd();
  const html = `<!doctype html>
<html lang="en"><body style="margin:0;padding:24px;background:#f8fafc;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#0f172a">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="100%" style="max-width:480px;background:#ffffff;border:1px solid #e2e8f0;border-radius:12px" cellpadding="0" cellspacing="0"><tr><td style="padding:32px">
<h1 style="margin:0 0 16px;font-size:20px">${escapeHtml(heading)}</h1>
${paragraphs.map((paragraph) => `<p style="margin:0 0 16px;font-size:15px;line-height:1.5">${escapeHtml(paragraph)}</p>`).join("\n")}
${action ? `<p style="margin:8px 0 24px"><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:12px 20px;background:${product.brandColor};color:#ffffff;text-decoration:none;border-radius:8px;font-weight:600">${escapeHtml(action.label)}</a></p>` : ""}
${footer ? `<p style="margin:0;font-size:13px;color:#475569">${escapeHtml(footer)}</p>` : ""}
</td></tr></table></td></tr></table></body></html>`;
  return { subject, text, html };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

// Built once (see components/format-date.ts for why).
const longDate = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });

/** "December 15, 2026", in UTC so every server writes the same date. */
export function formatDate(date: Date): string {
  return longDate.format(date);
}

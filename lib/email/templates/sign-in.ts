// The sign-in email. Edit the wording here; keep both parts: some clients
// show only the text. No images, pixels or rewritten links: nothing tracks
// whether it was opened.
import "server-only";
import { escapeHtml, PRODUCT_NAME, type EmailContent } from "./layout";

export function renderSignInEmail({
  url,
  expires,
  now = new Date(),
}: {
  url: string;
  expires: Date;
  now?: Date;
}): EmailContent {
  const validFor = describeDuration(expires.getTime() - now.getTime());
  const subject = `Sign in to ${PRODUCT_NAME}`;
  const text = [
    `Sign in to ${PRODUCT_NAME}`,
    "",
    "Open this link to sign in:",
    url,
    "",
    `The link works once and expires in ${validFor}.`,
    "If you did not ask for it, ignore this email: nobody can sign in without the link.",
  ].join("\n");
  const link = escapeHtml(url);
  const html = `<!doctype html>
<html lang="en"><body style="margin:0;padding:24px;background:#f8fafc;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#0f172a">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="100%" style="max-width:480px;background:#ffffff;border:1px solid #e2e8f0;border-radius:12px" cellpadding="0" cellspacing="0"><tr><td style="padding:32px">
<h1 style="margin:0 0 16px;font-size:20px">Sign in to ${PRODUCT_NAME}</h1>
<p style="margin:0 0 24px;font-size:15px;line-height:1.5">Click the button to sign in. The link works once and expires in ${validFor}.</p>
<p style="margin:0 0 24px"><a href="${link}" style="display:inline-block;padding:12px 20px;background:#3b4fd8;color:#ffffff;text-decoration:none;border-radius:8px;font-weight:600">Sign in</a></p>
<p style="margin:0 0 8px;font-size:13px;color:#475569">Or paste this link into your browser:</p>
<p style="margin:0 0 24px;font-size:13px;word-break:break-all"><a href="${link}" style="color:#3b4fd8">${link}</a></p>
<p style="margin:0;font-size:13px;color:#475569">If you did not ask for this email, ignore it: nobody can sign in without the link.</p>
</td></tr></table></td></tr></table></body></html>`;
  return { subject, text, html };
}

function describeDuration(milliseconds: number): string {
  const minutes = Math.max(1, Math.round(milliseconds / 60_000));
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 60);
  return `${hours} hours`;
}

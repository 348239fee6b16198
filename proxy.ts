// Early redirect only: a visitor without a session cookie never waits for a
// protected page to render. It does not check that the session is valid;
// requireUser() in each page, route handler and action does that.
// Every page here also gets the payment pages' Content Security Policy, with
// a fresh nonce that Next.js puts on its own inline scripts: a browser keeps
// the policy of the document it loaded across client-side navigations, so the
// pages that load Stripe.js (/checkout, /account/billing) hold it only if the
// signed-in pages that link to them have it too.
import { NextResponse, type NextRequest } from "next/server";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { signedInPagePolicy } from "@/lib/payments/content-security-policy";

const SESSION_COOKIES = [SESSION_COOKIE, SECURE_SESSION_COOKIE];

export async function proxy(request: NextRequest) {
  if (!SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const signIn = new URL("/sign-in", request.nextUrl);
    signIn.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
    return NextResponse.redirect(signIn);
  }

  // 128 random bits, as CSP asks of a nonce; it appears on every script tag, so it is kept short.
  const policy = await signedInPagePolicy(Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64"));
  // Next.js reads the nonce from the request's policy; the browser enforces the response's.
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: ["/dashboard/:path*", "/account/:path*", "/billing/:path*", "/checkout/:path*", "/admin/:path*"],
};

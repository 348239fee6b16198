// Auth.js configuration: email magic links always, GitHub and Google when
// their credentials are set; database sessions through the Prisma adapter.
import "server-only";
import NextAuth, { type DefaultSession } from "next-auth";
import { EmailSignInError } from "@auth/core/errors";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import Nodemailer from "next-auth/providers/nodemailer";
import { cache } from "react";
import { clientIp } from "@/lib/client-ip";
import { db } from "@/lib/db";
import { appMailer } from "@/lib/email/app-mailer";
import { renderSignInEmail } from "@/lib/email/templates/sign-in";
import { appUrl, env } from "@/lib/env";
import type { UserRole } from "@/lib/generated/prisma/client";
import { safeCallbackUrl } from "./callback-url";
import { signInAuditEvents } from "./sign-in-audit";
import { normalizeEmailAddress } from "./email-address";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from "./session-cookie";
import { createSessionStore } from "./session-store";
import { consumeSignInEmail } from "./sign-in-limits";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; stripeCustomerId: string | null; role: UserRole } & DefaultSession["user"];
  }
}

/** A sign-in link works once, for this long. */
export const SIGN_IN_LINK_MAX_AGE_SECONDS = 60 * 60;

// Cookies are `Secure` whenever the public origin is https (always in a real
// deployment); plain http only on a developer's machine.
const useSecureCookies = new URL(appUrl).protocol === "https:";
export const SESSION_COOKIE_NAME = useSecureCookies ? SECURE_SESSION_COOKIE : SESSION_COOKIE;

/** OAuth providers the operator configured; the sign-in page shows a button for each. */
export const oauthProviders = [
  ...(env.AUTH_GITHUB_ID ? [{ id: "github", name: "GitHub" } as const] : []),
  ...(env.AUTH_GOOGLE_ID ? [{ id: "google", name: "Google" } as const] : []),
];

export class SignInRateLimitedError extends EmailSignInError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many sign-in emails requested; retry after ${retryAfterSeconds}s`);
  }
}

const {
  handlers,
  auth: uncachedAuth,
  signIn,
  signOut,
} = NextAuth({
  adapter: createSessionStore(db),
  secret: env.AUTH_SECRET,
  trustHost: true,
  useSecureCookies,
  session: { strategy: "database", maxAge: 30 * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
  pages: { signIn: "/sign-in", verifyRequest: "/verify-request", error: "/sign-in" },
  providers: [
    Nodemailer({
      // Unused: sendVerificationRequest below does the sending.
      server: env.EMAIL_SERVER ?? "smtp://127.0.0.1:25",
      from: env.EMAIL_FROM,
      maxAge: SIGN_IN_LINK_MAX_AGE_SECONDS,
      normalizeIdentifier: normalizeEmailAddress,
      async sendVerificationRequest({ identifier, url, expires, request }) {
        // Counted here, the one place every sign-in email passes through,
        // whether it was asked for by our form or by a direct API call.
        const limit = await consumeSignInEmail(db, { email: identifier, ip: clientIp(request.headers) });
        if (!limit.allowed) throw new SignInRateLimitedError(limit.retryAfterSeconds);
        // Auth.js builds the link from the request's Host header; rebuilding it
        // on APP_URL means a forged Host can never put another site in the email.
        const requested = new URL(url);
        const link = new URL(`${requested.pathname}${requested.search}`, appUrl).toString();
        await appMailer().send({ to: identifier, link, ...renderSignInEmail({ url: link, expires }) });
      },
    }),
    ...(env.AUTH_GITHUB_ID ? [GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET })] : []),
    ...(env.AUTH_GOOGLE_ID ? [Google({ clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET })] : []),
  ],
  events: signInAuditEvents(db),
  callbacks: {
    redirect: ({ url }) => safeCallbackUrl(url, appUrl),
    session: ({ session, user }) => ({
      ...session,
      user: {
        ...session.user,
        id: user.id,
        email: user.email,
        stripeCustomerId: user.stripeCustomerId ?? null,
        role: user.role ?? "member",
      },
    }),
  },
});

export { handlers, signIn, signOut };

/** The current session, read once per request however many components ask. */
export const auth = cache(() => uncachedAuth());

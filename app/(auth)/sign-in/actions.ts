"use server";

import { unstable_rethrow } from "next/navigation";
import { headers } from "next/headers";
import { oauthProviders, signIn, SignInRateLimitedError } from "@/lib/auth/auth";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { emailAddressSchema } from "@/lib/auth/email-address";
import { describeRetryAfter, peekSignInEmail } from "@/lib/auth/sign-in-limits";
import { clientIp } from "@/lib/client-ip";
import { db } from "@/lib/db";
import { appUrl } from "@/lib/env";
import { formText, type FormState } from "@/lib/form-state";

export type SignInFormState = FormState<"email"> & { retryAfterSeconds?: number };

export async function requestSignInLinkAction(
  _previous: SignInFormState,
  formData: FormData,
): Promise<SignInFormState> {
  const email = formText(formData, "email");
  const values = { email };
  const parsed = emailAddressSchema.safeParse(email);
  if (!parsed.success) return { values, fieldErrors: { email: parsed.error.issues[0]?.message } };

  const requester = { email: parsed.data, ip: clientIp(await headers()) };
  const limited = (await peekSignInEmail(db, requester)).allowed ? null : await rateLimitedState(requester, values);
  if (limited) return limited;

  try {
    await signIn("nodemailer", {
      email: parsed.data,
      redirectTo: await destination(formData),
    });
  } catch (error) {
    unstable_rethrow(error); // the redirect to /verify-request
    if (error instanceof SignInRateLimitedError) return rateLimitedState(requester, values);
    console.error("Sign-in email failed", error);
    return { values, error: "We could not send the sign-in email. Please try again in a minute." };
  }
  return { values };
}

async function rateLimitedState(
  requester: { email: string; ip: string | null },
  values: SignInFormState["values"],
): Promise<SignInFormState> {
  const { retryAfterSeconds } = await peekSignInEmail(db, requester);
  return {
    values,
    retryAfterSeconds,
    error: `Too many sign-in emails were requested for this address or network. ${describeRetryAfter(retryAfterSeconds)}`,
  };
}

export async function signInWithProviderAction(formData: FormData): Promise<void> {
  const provider = oauthProviders.find((candidate) => candidate.id === formText(formData, "provider"));
  if (!provider) throw new Error("Unknown sign-in provider.");
  await signIn(provider.id, { redirectTo: await destination(formData) });
}

/**
 * Where to go once signed in: the form's callbackUrl, else the callbackUrl of
 * the sign-in page the form was sent from (a form sent before the static page
 * read its URL has no field of its own). Our own origin only, either way.
 */
async function destination(formData: FormData): Promise<string> {
  const fromForm = formData.get("callbackUrl");
  if (typeof fromForm === "string" && fromForm !== "") return safeCallbackPath(fromForm, appUrl);
  const referer = (await headers()).get("referer");
  const fromPage = referer && URL.canParse(referer) ? new URL(referer).searchParams.get("callbackUrl") : null;
  return safeCallbackPath(fromPage ?? undefined, appUrl);
}

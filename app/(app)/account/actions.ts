"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import {
  cancelSubscriptionsForDeletion,
  deleteAccount,
  MAX_NAME_LENGTH,
  updateDisplayName,
} from "@/lib/account/account";
import { billingDeps } from "@/lib/billing/app-deps";
import { SESSION_COOKIE_NAME, signOut } from "@/lib/auth/auth";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { formText, type FormState } from "@/lib/form-state";
import { currentAuditRequest } from "@/lib/request-context";

export async function updateProfileAction(
  _previous: FormState<"name">,
  formData: FormData,
): Promise<FormState<"name">> {
  const user = await requireUser("/account");
  const name = formText(formData, "name");
  const values = { name };
  if (name.length > MAX_NAME_LENGTH) {
    return {
      values,
      fieldErrors: { name: `Use at most ${MAX_NAME_LENGTH} characters (this one has ${name.length}).` },
    };
  }
  await updateDisplayName(db, user.id, name);
  revalidatePath("/", "layout");
  return { values, success: name ? "Your name was saved." : "Your name was removed." };
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}

export async function deleteAccountAction(
  _previous: FormState<"confirmEmail">,
  formData: FormData,
): Promise<FormState<"confirmEmail">> {
  const user = await requireUser("/account");
  const confirmEmail = formText(formData, "confirmEmail");
  if (confirmEmail.toLowerCase() !== user.email.toLowerCase()) {
    return {
      values: { confirmEmail },
      fieldErrors: { confirmEmail: `Type ${user.email} exactly to confirm.` },
    };
  }
  const { stripe, emailHashKey } = billingDeps();
  try {
    await cancelSubscriptionsForDeletion(db, stripe, user.id);
  } catch (error) {
    console.error("Canceling subscriptions before account deletion failed", error);
    return {
      values: { confirmEmail },
      error: "We could not cancel your subscription with Stripe, so nothing was deleted. Please try again in a minute.",
    };
  }
  try {
    await deleteAccount(db, user.id, emailHashKey, await currentAuditRequest());
  } catch (error) {
    console.error("Account deletion failed", error);
    return {
      values: { confirmEmail },
      error: "We could not delete your account. Nothing was removed; please try again.",
    };
  }
  // Every session row is gone with the user; drop this browser's cookie too.
  // Same attributes as Auth.js set it, or browsers ignore a __Secure- deletion.
  (await cookies()).set(SESSION_COOKIE_NAME, "", {
    path: "/",
    maxAge: 0,
    httpOnly: true,
    sameSite: "lax",
    secure: SESSION_COOKIE_NAME.startsWith("__Secure-"),
  });
  redirect("/goodbye");
}

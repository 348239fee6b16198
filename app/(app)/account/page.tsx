import type { Metadata } from "next";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { requireUser } from "@/lib/auth/session";
import { signOutAction } from "./actions";
import { DeleteAccountForm } from "./delete-account-form";
import { ProfileForm } from "./profile-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  return (
    <div className="mx-auto w-full max-w-2xl space-y-6 px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold tracking-tight">Account</h1>
      <Card>
        <CardTitle>Profile</CardTitle>
        <CardDescription>
          Email address: <strong className="font-medium text-slate-900 dark:text-slate-100">{user.email}</strong>
        </CardDescription>
        <div className="mt-6">
          <ProfileForm name={user.name} />
        </div>
      </Card>
      <Card>
        <CardTitle>Sign out</CardTitle>
        <CardDescription>Ends this session. Your next sign-in uses a new email link.</CardDescription>
        <form action={signOutAction} className="mt-4">
          <Button type="submit" variant="secondary">
            Sign out
          </Button>
        </form>
      </Card>
      <Card className="border-red-200 dark:border-red-900">
        <CardTitle>Delete account</CardTitle>
        <CardDescription>
          Permanently removes your account and signs you out everywhere. This cannot be undone.
        </CardDescription>
        <div className="mt-6">
          <DeleteAccountForm email={user.email} />
        </div>
      </Card>
    </div>
  );
}

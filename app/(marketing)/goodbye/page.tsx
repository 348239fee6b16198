import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui/button";

export const metadata: Metadata = { title: "Account deleted", robots: { index: false } };

export default function GoodbyePage() {
  return (
    <div className="mx-auto max-w-xl px-4 py-24 text-center">
      <h1 className="text-3xl font-bold tracking-tight">Your account was deleted</h1>
      <p className="mt-4 text-slate-600 dark:text-slate-400">
        Your data is gone and every session has ended. You are welcome back any time.
      </p>
      <ButtonLink href="/" variant="secondary" className="mt-8">
        Home
      </ButtonLink>
    </div>
  );
}

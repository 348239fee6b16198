import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Development mailbox", robots: { index: false } };

// The development outbox: every email the app "sent" without SMTP. It holds
// sign-in links, so it never exists in production.
export default async function DevMailboxPage() {
  if (env.NODE_ENV === "production") notFound();
  await connection(); // read the outbox per request, never at build time
  const emails = await db.outboxEmail.findMany({
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, to: true, subject: true, text: true, link: true, createdAt: true },
  });

  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-12 sm:px-6">
      <h1 className="text-2xl font-bold tracking-tight">Development mailbox</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        Emails land here because no SMTP server is configured (<code>EMAIL_SERVER</code>). Newest first.
      </p>
      {env.EMAIL_SERVER ? (
        <Alert tone="info" className="mt-6">
          SMTP is configured, so new emails are sent for real and no longer appear here.
        </Alert>
      ) : null}
      {emails.length === 0 ? (
        <Card className="mt-8 text-center text-slate-600 dark:text-slate-400">
          No emails yet. Ask for a sign-in link and it will show up here.
        </Card>
      ) : (
        <ol className="mt-8 space-y-4">
          {emails.map((email) => (
            <li key={email.id}>
              <Card>
                <article aria-label={`${email.subject} to ${email.to}`}>
                  <header className="flex flex-wrap items-baseline justify-between gap-2">
                    <h2 className="font-semibold">{email.subject}</h2>
                    <time dateTime={email.createdAt.toISOString()} className="text-xs text-slate-500">
                      {email.createdAt.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "medium" })}
                    </time>
                  </header>
                  <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">To: {email.to}</p>
                  {email.link ? (
                    <a
                      href={email.link}
                      className="mt-4 inline-block rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
                    >
                      Open the link
                    </a>
                  ) : null}
                  <details className="mt-4 text-sm">
                    <summary className="cursor-pointer text-slate-600 dark:text-slate-400">Show the message</summary>
                    <pre className="mt-2 whitespace-pre-wrap break-all rounded-lg bg-slate-50 p-3 font-sans dark:bg-slate-950">
                      {email.text}
                    </pre>
                  </details>
                </article>
              </Card>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

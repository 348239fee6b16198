// The app's one mailer, created on first use: `next build` loads the modules
// that send email without SMTP settings.
import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createMailer, type Mailer } from "./mailer";

let mailer: Mailer | undefined;

export function appMailer(): Mailer {
  return (mailer ??= createMailer({
    db,
    server: env.EMAIL_SERVER,
    from: env.EMAIL_FROM,
    production: env.NODE_ENV === "production",
  }));
}

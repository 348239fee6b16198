// Sends email through SMTP when EMAIL_SERVER is set. Without it, outside
// production, messages go to the development outbox (/dev/mailbox) and the
// link is printed to the server log, so sign-in works with no setup.
import "server-only";
import { createTransport, type Transporter } from "nodemailer";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { EmailContent } from "./templates/layout";

export type Message = EmailContent & { to: string; link?: string };
export type Mailer = { send(message: Message): Promise<void> };

export function createMailer(options: {
  db: PrismaClient;
  server?: string;
  from?: string;
  production: boolean;
  log?: (line: string) => void;
}): Mailer {
  const { server, from, db } = options;
  if (server !== undefined) {
    if (from === undefined) throw new Error("EMAIL_FROM is required when EMAIL_SERVER is set.");
    const transport: Transporter = createTransport(server);
    return {
      async send({ to, subject, text, html }) {
        await transport.sendMail({ to, from, subject, text, html });
      },
    };
  }
  if (options.production) throw new Error("EMAIL_SERVER is required in production.");
  const log = options.log ?? console.log;
  return {
    async send({ to, subject, text, html, link }) {
      await db.outboxEmail.create({ data: { to, subject, text, html, link: link ?? null } });
      log(`✉ ${subject} → ${to}${link ? `: ${link}` : ""} (development outbox: /dev/mailbox)`);
    },
  };
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer } from "@/lib/email/mailer";
import { renderSignInEmail } from "@/lib/email/templates/sign-in";
import { createMigratedDatabase } from "./helpers/prisma";
import { startSmtpCapture, type SmtpCapture } from "./helpers/smtp-capture";
import { testDatabaseKind } from "./helpers/test-database";

const link = "http://localhost:3000/api/auth/callback/nodemailer?token=t0k3n&email=hal%40example.com";
const message = {
  to: "hal@example.com",
  link,
  ...renderSignInEmail({ url: link, expires: new Date(Date.now() + 3_600_000) }),
};

describe(`email delivery (${testDatabaseKind})`, () => {
  let setup: Awaited<ReturnType<typeof createMigratedDatabase>>;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    [setup, smtp] = await Promise.all([createMigratedDatabase(), startSmtpCapture()]);
  });
  afterAll(async () => {
    await Promise.all([setup.close(), smtp.stop()]);
  });

  it("sends through SMTP when EMAIL_SERVER is set", async () => {
    const mailer = createMailer({
      db: setup.db,
      server: smtp.url,
      from: "Tollgate <no-reply@example.com>",
      production: true,
    });
    await mailer.send(message);
    const received = await smtp.waitForMessage("hal@example.com");
    expect(received.subject).toBe("Sign in to Tollgate");
    expect(received.from?.value[0]).toMatchObject({ name: "Tollgate", address: "no-reply@example.com" });
    expect(received.text).toContain(link);
    expect(received.html).toContain("token=t0k3n&#38;email=hal%40example.com");
    expect(await setup.db.outboxEmail.count()).toBe(0);
  });

  it("keeps emails in the development outbox without SMTP and logs the link", async () => {
    const logged: string[] = [];
    const mailer = createMailer({ db: setup.db, production: false, log: (line) => logged.push(line) });
    await mailer.send(message);
    const stored = await setup.db.outboxEmail.findMany({ where: { to: "hal@example.com" } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ subject: "Sign in to Tollgate", link });
    expect(logged.join("\n")).toContain(link);
  });

  it("refuses to run a production server without SMTP", () => {
    expect(() => createMailer({ db: setup.db, production: true })).toThrow("EMAIL_SERVER is required in production.");
  });
});

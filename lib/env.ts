// Every environment variable Tollgate reads, validated once with zod.
// This is the only module that reads process.env: add new variables here,
// document them in .env.example, and import `env` where they are needed.
import "server-only";
import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65_535);
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();
const prefixed = (prefix: string) =>
  optionalText.refine((value) => value === undefined || value.startsWith(prefix), {
    message: `must start with "${prefix}"`,
  });

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    // Next.js sets this while `next build` runs; production-only requirements
    // are checked when the server starts, not at build time.
    NEXT_PHASE: optionalText,
    PORT: port.default(3000),
    // Interface `npm run dev` / `npm start` bind to (dev: 127.0.0.1, start: 0.0.0.0).
    HOST: optionalText,
    APP_URL: optionalText.pipe(
      z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://app.example.com" }).optional(),
    ),
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
        .optional(),
    ),
    // Connections the app's pool opens (pg's default: 10). The launcher sets 1
    // for the embedded database: PGlite runs one session, and its socket
    // multiplexer can interleave two connections' extended-protocol messages.
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).optional(),
    EMBEDDED_DATABASE_DIR: z.string().trim().min(1).default(".data/pglite"),
    EMBEDDED_DATABASE_PORT: port.default(0),
    AUTH_SECRET: optionalText.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    AUTH_GITHUB_ID: optionalText,
    AUTH_GITHUB_SECRET: optionalText,
    AUTH_GOOGLE_ID: optionalText,
    AUTH_GOOGLE_SECRET: optionalText,
    EMAIL_SERVER: optionalText.pipe(
      z
        .string()
        .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
        .optional(),
    ),
    EMAIL_FROM: optionalText,
    STRIPE_SECRET_KEY: prefixed("sk_"),
    STRIPE_WEBHOOK_SECRET: prefixed("whsec_"),
    NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: prefixed("pk_"),
    // Set by `npm run dev` / `npm start` when they start the local Stripe
    // emulator (no STRIPE_SECRET_KEY); the app's Stripe client then talks to it.
    STRIPE_EMULATOR_URL: optionalText.pipe(z.url({ error: "must be the emulator's http:// URL" }).optional()),
    // Port of the emulator `npm run dev` starts. Default: any free port.
    STRIPE_EMULATOR_PORT: port.default(0),
    // A production server refuses the emulator unless this is "1" (e2e only).
    ALLOW_STRIPE_EMULATOR_IN_PRODUCTION: z.enum(["0", "1"]).default("0"),
    // Bearer token of POST /api/cron/billing (drains pending webhook events on
    // platforms that freeze a process after its response). Unset: the route
    // answers 404.
    CRON_SECRET: optionalText.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    // How long a processing instance holds the webhook events it claimed;
    // when it dies, another instance takes them after this.
    BILLING_INBOX_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    // Days a past_due subscription keeps its access while the card is fixed.
    PAST_DUE_GRACE_DAYS: z.coerce.number().int().min(0).max(60).default(7),
  })
  .superRefine((env, ctx) => {
    const require = (key: keyof typeof env, why: string) => {
      if (env[key] === undefined) ctx.addIssue({ code: "custom", path: [key], message: why });
    };
    for (const [id, secret] of [
      ["AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET"],
      ["AUTH_GOOGLE_ID", "AUTH_GOOGLE_SECRET"],
    ] as const) {
      if (env[id] !== undefined) require(secret, `is required when ${id} is set`);
      if (env[secret] !== undefined) require(id, `is required when ${secret} is set`);
    }
    if (env.EMAIL_SERVER !== undefined) require("EMAIL_FROM", "is required when EMAIL_SERVER is set");

    const productionServer = env.NODE_ENV === "production" && env.NEXT_PHASE !== "phase-production-build";
    if (productionServer) {
      require("APP_URL", "is required in production (the public origin, e.g. https://app.example.com)");
      require("AUTH_SECRET", "is required in production (generate one with `openssl rand -base64 33`)");
      require("EMAIL_SERVER", "is required in production (smtp://user:pass@host:587) to send sign-in links");
      require("EMAIL_FROM", "is required in production (e.g. Tollgate <no-reply@example.com>)");
    }
    if (productionServer && env.STRIPE_SECRET_KEY === undefined && env.ALLOW_STRIPE_EMULATOR_IN_PRODUCTION !== "1") {
      require("STRIPE_SECRET_KEY", "is required in production (sk_live_... or sk_test_...); the local emulator is for development");
    }
    if (env.STRIPE_SECRET_KEY !== undefined) {
      require("STRIPE_WEBHOOK_SECRET", "is required when STRIPE_SECRET_KEY is set (whsec_..., from the dashboard or `stripe listen`)");
      // Stripe.js on the payment pages needs the matching public key.
      require("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", "is required when STRIPE_SECRET_KEY is set (pk_..., same account and mode)");
      const mode = (key: string | undefined) => /^[a-z]+_(test|live)_/.exec(key ?? "")?.[1];
      const publishable = env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY;
      if (publishable !== undefined && mode(publishable) !== mode(env.STRIPE_SECRET_KEY)) {
        ctx.addIssue({
          code: "custom",
          path: ["NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY"],
          message: "must be in the same mode as STRIPE_SECRET_KEY (both test or both live)",
        });
      }
    }
  });

export type Env = z.infer<typeof schema>;

export class InvalidEnvError extends Error {
  override readonly name = "InvalidEnvError";
}

/** Parses an environment; throws one InvalidEnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
  throw new InvalidEnvError(`Invalid environment: ${problems.join("; ")}. See .env.example.`);
}

/** The validated environment of this process. */
export const env: Env = parseEnv(process.env);

/** The public origin every link and redirect is built from. */
export const appUrl: string = env.APP_URL?.replace(/\/+$/, "") ?? `http://localhost:${env.PORT}`;

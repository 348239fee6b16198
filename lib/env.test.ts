import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

const production = {
  NODE_ENV: "production",
  APP_URL: "https://app.example.com",
  AUTH_SECRET: "x".repeat(40),
  EMAIL_SERVER: "smtp://user:pass@mail.example.com:587",
  EMAIL_FROM: "Tollgate <no-reply@example.com>",
  DATABASE_URL: "postgresql://app@db.example.com:5432/app",
  STRIPE_SECRET_KEY: "sk_test_example",
  STRIPE_WEBHOOK_SECRET: "whsec_example",
  NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: "pk_test_example",
};

describe("parseEnv", () => {
  it("accepts an empty development environment and fills the defaults", () => {
    const env = parseEnv({});
    expect(env.NODE_ENV).toBe("development");
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.EMBEDDED_DATABASE_DIR).toBe(".data/pglite");
  });

  it("treats empty strings as unset, as .env files write them", () => {
    expect(parseEnv({ STRIPE_SECRET_KEY: "", AUTH_SECRET: " " }).STRIPE_SECRET_KEY).toBeUndefined();
  });

  it("accepts a complete production environment", () => {
    expect(parseEnv(production).APP_URL).toBe("https://app.example.com");
  });

  it.each([
    ["PORT", { PORT: "http" }, /PORT/],
    ["DATABASE_URL", { DATABASE_URL: "mysql://x" }, /DATABASE_URL must be a postgres/],
    ["APP_URL", { APP_URL: "javascript:alert(1)" }, /APP_URL must be an http\(s\) URL/],
    ["AUTH_SECRET", { AUTH_SECRET: "short" }, /AUTH_SECRET must be at least 32 characters/],
    [
      "STRIPE_SECRET_KEY",
      { STRIPE_SECRET_KEY: "pk_test_1", STRIPE_WEBHOOK_SECRET: "whsec_1" },
      /STRIPE_SECRET_KEY must start with "sk_"/,
    ],
    [
      "STRIPE_WEBHOOK_SECRET",
      { STRIPE_SECRET_KEY: "sk_test_1" },
      /STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY/,
    ],
    [
      "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY",
      { STRIPE_SECRET_KEY: "sk_test_1", STRIPE_WEBHOOK_SECRET: "whsec_1" },
      /NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY is required when STRIPE_SECRET_KEY is set/,
    ],
    [
      "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY",
      { STRIPE_SECRET_KEY: "sk_live_1", STRIPE_WEBHOOK_SECRET: "whsec_1", NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: "pk_test_1" },
      /NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY must be in the same mode as STRIPE_SECRET_KEY/,
    ],
    ["AUTH_GITHUB_SECRET", { AUTH_GITHUB_ID: "abc" }, /AUTH_GITHUB_SECRET is required when AUTH_GITHUB_ID/],
    ["EMAIL_FROM", { EMAIL_SERVER: "smtp://localhost:25" }, /EMAIL_FROM is required/],
  ])("names %s when it is invalid, in one line", (_name, source, message) => {
    expect(() => parseEnv(source)).toThrow(message);
    try {
      parseEnv(source);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("\n");
    }
  });

  it.each(["APP_URL", "AUTH_SECRET", "EMAIL_SERVER", "STRIPE_SECRET_KEY"] as const)(
    "requires %s when a production server starts",
    (name) => {
      const { [name]: _removed, ...rest } = production;
      expect(() => parseEnv(rest)).toThrow(new RegExp(`${name} is required in production`));
    },
  );

  it("lets an e2e production server use the Stripe emulator only when told to", () => {
    const {
      STRIPE_SECRET_KEY: _key,
      STRIPE_WEBHOOK_SECRET: _secret,
      NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: _publishable,
      ...withoutStripe
    } = production;
    expect(() => parseEnv({ ...withoutStripe, ALLOW_STRIPE_EMULATOR_IN_PRODUCTION: "1" })).not.toThrow();
  });

  it("lets `next build` run without the production-only secrets", () => {
    expect(() => parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" })).not.toThrow();
  });
});

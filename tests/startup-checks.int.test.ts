// The server's start-up checks (lib/startup-checks.ts, run by
// instrumentation-node.ts): each problem gets the one line an operator needs,
// against real sockets — a refusing port, a silent one, a real database and
// the Stripe emulator holding an account key — and the production build
// really stops on them.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STRIPE_API_VERSION } from "@/lib/billing/stripe";
import { checkDatabase, checkStripeKey } from "@/lib/startup-checks";
import { startStripeEmulator, type StripeEmulator } from "@/tools/stripe-emulator/server";
import { freePort, TEST_APP_ENV } from "./helpers/app-server";
import { createTestDatabase, type TestDatabase } from "./helpers/test-database";

const password = "s3cret-pa55";

describe("start-up checks: the database", () => {
  it("names host, port, database and user of a refusing DATABASE_URL, and what to check, without the password", async () => {
    const port = await freePort();
    const finding = await checkDatabase(`postgresql://alice:${password}@127.0.0.1:${port}/shop`);
    expect(finding).toEqual({
      level: "stop",
      message: `Cannot connect to the database at 127.0.0.1:${port}/shop as alice (DATABASE_URL): connection refused. Check that PostgreSQL is running on that host and port and accepts TCP connections from this machine.`,
    });
  });

  it("gives up on a server that never answers after the timeout, naming where it waited", async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const finding = await checkDatabase(`postgresql://alice:${password}@127.0.0.1:${port}/shop`, 500);
      expect(finding?.level).toBe("stop");
      expect(finding?.message).toMatch(
        new RegExp(
          `^Cannot connect to the database at 127\\.0\\.0\\.1:${port}/shop as alice \\(DATABASE_URL\\): no answer within 0\\.5 s\\.`,
        ),
      );
      expect(finding?.message).not.toContain(password);
    } finally {
      silent.close();
    }
  });

  describe("with a real database", () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(() => database?.drop());

    it("passes", async () => {
      expect(await checkDatabase(database.url)).toBeNull();
    });
  });
});

describe("start-up checks: the Stripe key", () => {
  const accountKey = "sk_test_account_key_0042";
  let emulator: StripeEmulator;
  beforeAll(async () => {
    emulator = await startStripeEmulator({ apiKey: accountKey, tickIntervalMs: 0 });
  });
  afterAll(() => emulator?.stop());

  const clientFor = (key: string, port: number) =>
    new Stripe(key, { apiVersion: STRIPE_API_VERSION, host: "127.0.0.1", port, protocol: "http" });

  it("passes with the account's key", async () => {
    expect(await checkStripeKey(clientFor(accountKey, emulator.port))).toBeNull();
  });

  it("stops on a well-formed key the account refuses, saying where to get the right one", async () => {
    const finding = await checkStripeKey(clientFor("sk_test_someone_elses_key_9999", emulator.port));
    expect(finding?.level).toBe("stop");
    expect(finding?.message).toMatch(
      /^STRIPE_SECRET_KEY was refused by Stripe \(Invalid API Key provided: sk_test_\*+9999\)\. Copy the secret key from the Stripe dashboard \(Developers → API keys\) of the account and mode you mean to use\.$/,
    );
  });

  it("only warns when the API cannot be reached", async () => {
    const finding = await checkStripeKey(clientFor(accountKey, await freePort()), 2_000);
    expect(finding?.level).toBe("warn");
    expect(finding?.message).toMatch(
      /^Could not verify STRIPE_SECRET_KEY: the Stripe API did not answer \(.+\)\. Starting anyway; payments fail until Stripe can be reached\.$/,
    );
  });
});

/** Runs `next start` on the production build with `env` and resolves with its exit code and output. */
async function startBuiltServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  if (!existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first (npm test does).");
  const port = await freePort();
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const child = spawn(process.execPath, [nextBin, "start", "--port", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      ...TEST_APP_ENV,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      APP_URL: `http://127.0.0.1:${port}`,
      ALLOW_STRIPE_EMULATOR_IN_PRODUCTION: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGTERM"), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, output };
}

describe("start-up checks in the production server", () => {
  it("stops at start with one line naming the unreachable database", async () => {
    const port = await freePort();
    const { code, output } = await startBuiltServer({
      DATABASE_URL: `postgresql://app:${password}@127.0.0.1:${port}/app`,
    });
    expect(code).toBe(1);
    expect(output).toContain(
      `✖ Cannot connect to the database at 127.0.0.1:${port}/app as app (DATABASE_URL): connection refused.`,
    );
    expect(output).not.toContain(password);
  }, 90_000);

  it("stops at start when the publishable key's mode is not the secret key's", async () => {
    const { code, output } = await startBuiltServer({
      STRIPE_SECRET_KEY: "sk_test_example",
      STRIPE_WEBHOOK_SECRET: "whsec_example",
      NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: "pk_live_example",
    });
    expect(code).toBe(1);
    expect(output).toContain(
      "✖ Invalid environment: NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY is a live key but STRIPE_SECRET_KEY is a test key",
    );
  }, 90_000);
});

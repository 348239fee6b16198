// Shared by `npm run dev` and `npm start`: validates the environment, checks
// the port, starts the embedded database when DATABASE_URL is unset, applies
// migrations, then runs Next.js as a child process and stops everything
// together.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import type { Env } from "@/lib/env";
import type { StripeEmulator } from "@/tools/stripe-emulator/server";
import type { EmbeddedDatabase } from "./embedded-database";
import { startOnRememberedPort } from "./emulator-port";
import { nextStartCommand } from "./next-start.mjs";
import { exitWith, loadEnvOrExit } from "./load-env";
import { describeMigrations, migrateDatabase } from "./migrate-database";

type Mode = "dev" | "start";

export async function launch(mode: Mode): Promise<void> {
  const env = await loadEnvOrExit(mode === "dev" ? "development" : "production");
  const host = env.HOST ?? (mode === "dev" ? "127.0.0.1" : "0.0.0.0");
  // Telemetry off: it would call out to the network on every start.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(env.PORT), NEXT_TELEMETRY_DISABLED: "1" };

  let database: EmbeddedDatabase | undefined;
  let stripeEmulator: StripeEmulator | undefined;
  try {
    await assertPortFree(env.PORT, host);
    if (env.DATABASE_URL === undefined) {
      // Loaded only when used: a deployment with its own database never holds PGlite.
      const { startEmbeddedDatabase } = await import("./embedded-database");
      database = await startEmbeddedDatabase({ dataDir: env.EMBEDDED_DATABASE_DIR, port: env.EMBEDDED_DATABASE_PORT });
      childEnv.DATABASE_URL = database.url;
      childEnv.DATABASE_POOL_SIZE = "1";
      console.log(`▲ Embedded PostgreSQL (PGlite) at ${database.url}, data in ${env.EMBEDDED_DATABASE_DIR}/`);
    }
    // Production deploys with their own database migrate as a release step
    // (`npm run db:migrate`); everything else migrates on start.
    if (mode === "dev" || database) {
      console.log(`▲ ${describeMigrations(await migrateDatabase(childEnv.DATABASE_URL!))}`);
    }
    if (mode === "dev" && env.AUTH_SECRET === undefined) {
      childEnv.AUTH_SECRET = await developmentAuthSecret(env);
    }
    if (env.STRIPE_SECRET_KEY === undefined) {
      stripeEmulator = await startLocalStripe(env, mode, host);
      childEnv.STRIPE_EMULATOR_URL = stripeEmulator.url;
    }
  } catch (error) {
    await stripeEmulator?.stop();
    await database?.stop();
    exitWith(error);
  }

  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const listen = { port: String(env.PORT), host };
  // `npm start` runs the server as a deployment does (scripts/next-start.mjs).
  const command =
    mode === "start"
      ? nextStartCommand(nextBin, listen, childEnv)
      : { args: [nextBin, mode, "--port", listen.port, "--hostname", host], env: childEnv };
  const child = spawn(process.execPath, command.args, { env: command.env, stdio: "inherit" });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await stripeEmulator?.stop();
    await database?.stop();
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
      else void stop(0);
    });
  }
  child.on("exit", (code, signal) => void stop(code ?? (signal ? 0 : 1)));
}

// No Stripe key: the local emulator stands in for Stripe, with its state kept
// next to the embedded data, webhooks sent to this app, and the plan catalog
// set up in it (what `npm run stripe:setup` does against a real account).
async function startLocalStripe(env: Env, mode: Mode, host: string): Promise<StripeEmulator> {
  if (mode === "start" && env.ALLOW_STRIPE_EMULATOR_IN_PRODUCTION !== "1") {
    throw new Error("STRIPE_SECRET_KEY is required for `npm start` (the local Stripe emulator is for development).");
  }
  const { startStripeEmulator } = await import("@/tools/stripe-emulator/server");
  const { DEVELOPMENT_WEBHOOK_SECRET, createStripeClient } = await import("@/lib/billing/stripe");
  const { syncCatalogToStripe } = await import("@/lib/billing/catalog-sync");
  const dataDir = path.dirname(path.resolve(env.EMBEDDED_DATABASE_DIR));
  const start = (port: number) =>
    startStripeEmulator({
      port,
      webhookUrl: `http://${webhookHost(host)}:${env.PORT}/api/webhooks/stripe`,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? DEVELOPMENT_WEBHOOK_SECRET,
      statePath: path.join(dataDir, "stripe-emulator.json"),
    });
  // A port set in the environment is used as given; otherwise the last one,
  // so links stored in Stripe objects survive a restart.
  const emulator =
    env.STRIPE_EMULATOR_PORT === 0
      ? await startOnRememberedPort(path.join(dataDir, "stripe-emulator-port"), start)
      : await start(env.STRIPE_EMULATOR_PORT);
  const { changes } = await syncCatalogToStripe(createStripeClient({ emulatorUrl: emulator.url }));
  console.log(
    `▲ Stripe emulator (test mode) at ${emulator.url}: ${changes.length === 0 ? "plan catalog up to date" : `${changes.length} catalog change(s) applied`}; webhooks to /api/webhooks/stripe`,
  );
  return emulator;
}

/** Where the app can be reached from this machine, given the address it binds. */
function webhookHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

async function assertPortFree(port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`PORT ${port} is already in use on ${host}: stop the other server or set PORT to a free port.`)
          : error,
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

// Development needs no configuration, but Auth.js signs its tokens with
// AUTH_SECRET: one generated secret, kept next to the embedded data, keeps
// sign-in links valid across restarts.
async function developmentAuthSecret(env: Env): Promise<string> {
  const file = path.join(path.dirname(path.resolve(env.EMBEDDED_DATABASE_DIR)), "auth-secret");
  const existing = await readFile(file, "utf8").catch(() => "");
  if (existing.trim().length >= 32) return existing.trim();
  const secret = randomBytes(32).toString("base64url");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

// Checks the server runs once at start (instrumentation-node.ts), so a wrong
// DATABASE_URL or Stripe key is reported in one line naming what to fix
// instead of as a stack trace on the first request — or, for a Stripe key,
// when the first customer clicks Subscribe.
import "server-only";
import pg from "pg";
import Stripe from "stripe";

export type Finding = { level: "stop" | "warn"; message: string };

const CHECK_TIMEOUT_MS = 5_000;

/** host:port, database and user of a PostgreSQL URL; never its password. */
export function describeDatabaseTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "(default database)";
    const user = parsed.username ? ` as ${decodeURIComponent(parsed.username)}` : "";
    return `${parsed.hostname}:${parsed.port || "5432"}/${database}${user}`;
  } catch {
    return "(DATABASE_URL is not a parseable URL)";
  }
}

/** Connects once and runs `SELECT 1`; a finding says what failed and what to check. */
export async function checkDatabase(url: string, timeoutMs = CHECK_TIMEOUT_MS): Promise<Finding | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  // A server that drops the connection later emits 'error'; unhandled, it would crash the process.
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return { level: "stop", message: databaseProblem(describeDatabaseTarget(url), error, timeoutMs) };
  } finally {
    await client.end().catch(() => {});
  }
}

function databaseProblem(target: string, error: unknown, timeoutMs: number): string {
  const code = (error as { code?: string }).code;
  const detail = error instanceof Error ? error.message : String(error);
  const where = `the database at ${target} (DATABASE_URL)`;
  switch (code) {
    case "ECONNREFUSED":
      return `Cannot connect to ${where}: connection refused. Check that PostgreSQL is running on that host and port and accepts TCP connections from this machine.`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `Cannot connect to ${where}: the host name does not resolve. Check the host in DATABASE_URL.`;
    case "28P01":
    case "28000":
      return `${capitalize(where)} refused the login: ${detail}. Check the user and password in DATABASE_URL.`;
    case "3D000":
      return `${capitalize(where)} does not exist: ${detail}. Create it, or fix the database name in DATABASE_URL.`;
  }
  if (/timeout/i.test(detail)) {
    return `Cannot connect to ${where}: no answer within ${timeoutMs / 1000} s. Check the host and port, the firewall or security group, and that the server allows connections from this machine.`;
  }
  return `Cannot use ${where}: ${detail}. Check DATABASE_URL (host, port, credentials, sslmode).`;
}

/**
 * Proves STRIPE_SECRET_KEY works with the cheapest call the app needs anyway
 * (reading one price). A refused key stops the server; an API that cannot be
 * reached only warns, so a Stripe outage does not keep the site down.
 */
export async function checkStripeKey(stripe: Stripe, timeoutMs = CHECK_TIMEOUT_MS): Promise<Finding | null> {
  try {
    await stripe.prices.list({ limit: 1 }, { timeout: timeoutMs, maxNetworkRetries: 0 });
    return null;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (error instanceof Stripe.errors.StripeAuthenticationError) {
      return {
        level: "stop",
        message: `STRIPE_SECRET_KEY was refused by Stripe (${detail}). Copy the secret key from the Stripe dashboard (Developers → API keys) of the account and mode you mean to use.`,
      };
    }
    if (error instanceof Stripe.errors.StripePermissionError) {
      return {
        level: "stop",
        message: `STRIPE_SECRET_KEY may not read prices (${detail}). Use the account's secret key (sk_...) from the Stripe dashboard.`,
      };
    }
    return {
      level: "warn",
      message: `Could not verify STRIPE_SECRET_KEY: the Stripe API did not answer (${detail}). Starting anyway; payments fail until Stripe can be reached.`,
    };
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

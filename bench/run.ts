// `npm run bench`: webhook acknowledgement and burst convergence
// (bench/webhooks.ts), page latency and weight, and server memory, against
// the production build (`npm run build` first). Numbers, not pass/fail:
// results print as a table and are saved as JSON in bench/results/.
// BENCH_DATABASE_URL runs the app on that PostgreSQL instead of the embedded
// database; BENCH_BASE_URL measures any running server (another starter, say)
// instead of starting ours: its pages, and its webhook endpoint when
// BENCH_WEBHOOK_SECRET (and BENCH_WEBHOOK_PATH, default /api/webhooks/stripe)
// are set. BENCH_ONLY=webhooks skips the pages.
//
// Database round trips per page (dbRoundTrips) are counted on PostgreSQL only:
// the app reaches it through a counting loopback proxy (bench/pg-round-trips.ts),
// so the app is measured as deployed, uninstrumented. On the embedded database
// the launcher serves PGlite from inside its own process and hands Next.js the
// URL, so nothing can sit in between without changing what the rest of the
// bench measures; the count is a property of the app's queries, not of the
// engine, so the PostgreSQL figure holds for both.
//
// The admin console is measured on its own seeded PostgreSQL (see
// bench/admin-console.ts); BENCH_ONLY=admin runs only that part.
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import Stripe from "stripe";
import { migrate } from "@/lib/db-migrations";
import { withClient } from "@/scripts/pg-client";
import { startAppServer } from "@/tests/helpers/app-server";
import { DEVELOPMENT_WEBHOOK_SECRET } from "@/tools/stripe-emulator/server";
import { insertSignedInUser } from "@/tests/helpers/sessions";
import { waitForInbox } from "@/tests/helpers/webhook-burst";
import { benchAdminConsole } from "./admin-console";
import { load } from "./load";
import { roundTripsOf, startRoundTripProxy, type RoundTripProxy } from "./pg-round-trips";
import { measureAcknowledgements, measureBurst } from "./webhooks";

type Row = Record<string, string | number>;
/** The SQL behind each page's dbRoundTrips, saved with the results. */
const roundTripStatements: Record<string, string[]> = {};

async function javascriptWeight(baseUrl: string, path: string, cookie?: string) {
  const html = await (await fetch(`${baseUrl}${path}`, { headers: cookie ? { cookie } : {} })).text();
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((match) => match[1]!);
  let raw = 0;
  let gzip = 0;
  for (const src of new Set(scripts)) {
    const body = Buffer.from(await (await fetch(new URL(src, baseUrl))).arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body).length;
  }
  return { jsKB: +(raw / 1024).toFixed(1), jsGzipKB: +(gzip / 1024).toFixed(1) };
}

async function measurePages(baseUrl: string, signedInCookie?: string, proxy?: RoundTripProxy): Promise<Row[]> {
  const pages: Array<[string, string | undefined]> = [
    ["/", undefined],
    ["/pricing", undefined],
    ["/sign-in", undefined],
    ...(signedInCookie ? ([["/dashboard/pro", signedInCookie]] as Array<[string, string]>) : []),
  ];
  const rows: Row[] = [];
  for (const [path, cookie] of pages) {
    const headers = cookie ? { cookie } : undefined;
    await load(50, 5, () => fetch(`${baseUrl}${path}`, { headers })); // warm-up
    const result = await load(2000, 10, () => fetch(`${baseUrl}${path}`, { headers }));
    const roundTrips = proxy ? await roundTripsOf(proxy, `${baseUrl}${path}`, headers ?? {}) : undefined;
    if (roundTrips) roundTripStatements[path] = roundTrips.statements;
    rows.push({
      page: path,
      ...result,
      ...(await javascriptWeight(baseUrl, path, cookie)),
      dbRoundTrips: roundTrips ? roundTrips.max : "n/a",
    });
  }
  return rows;
}

function table(title: string, rows: Row[]) {
  console.log(`\n${title}`);
  console.table(rows);
}

async function measureAdminConsole() {
  const admin = await benchAdminConsole();
  table(
    `Admin console on PostgreSQL, 100,000 users and 1,000,000 audit rows (ms; load average before ${admin.loadAverage.before.map((n) => n.toFixed(2)).join(" ")}, after ${admin.loadAverage.after.map((n) => n.toFixed(2)).join(" ")})`,
    admin.pages,
  );
  return admin;
}

async function main() {
  if (process.env.BENCH_ONLY === "admin") {
    return save({ target: "tollgate", adminConsole: await measureAdminConsole() });
  }
  const external = process.env.BENCH_BASE_URL;
  const pagesToo = process.env.BENCH_ONLY !== "webhooks";
  if (external) {
    const secret = process.env.BENCH_WEBHOOK_SECRET;
    const webhooks = secret
      ? await measureAcknowledgements(
          new Stripe("sk_test_bench"),
          {
            baseUrl: external,
            secret,
            path: process.env.BENCH_WEBHOOK_PATH,
          },
          [],
        )
      : [];
    if (secret) table(`Webhook acknowledgements of ${external}`, webhooks);
    const pages = pagesToo ? await measurePages(external) : [];
    if (pagesToo) table(`Pages of ${external}`, pages);
    return save({ target: external, webhooks, pages });
  }

  const databaseUrl = process.env.BENCH_DATABASE_URL;
  if (databaseUrl) await withClient(databaseUrl, (client) => migrate(client));
  // The round-trip counter sits between the app and PostgreSQL for the pages only.
  const proxy = databaseUrl && pagesToo ? await startRoundTripProxy(databaseUrl) : undefined;
  const app = await startAppServer(
    {
      AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0",
      EMAIL_SERVER: "smtp://127.0.0.1:9",
      EMAIL_FROM: "Tollgate <bench@example.com>",
    },
    proxy?.url ?? databaseUrl,
  );
  try {
    const emulator = new URL(app.stripeEmulatorUrl);
    const stripe = new Stripe("sk_test_bench", {
      host: emulator.hostname,
      port: Number(emulator.port),
      protocol: "http",
    });
    const [price] = (await stripe.prices.list({ lookup_keys: ["tollgate_pro_monthly"] })).data;

    // 50 subscribed customers, each linked to a signed-in user; the first
    // one's session opens the premium page.
    const customers: string[] = [];
    let cookie = "";
    await withClient(app.databaseUrl, async (client) => {
      for (let index = 0; index < 50; index++) {
        const email = `bench-${index}-${Date.now()}@example.com`;
        const customer = await stripe.customers.create({ email });
        await stripe.subscriptions.create({
          customer: customer.id,
          items: [{ price: price!.id }],
          trial_period_days: 14,
        });
        const user = await insertSignedInUser(client, { email, stripeCustomerId: customer.id });
        customers.push(customer.id);
        cookie ||= user.cookie;
      }
    });

    const database = databaseUrl ? "PostgreSQL" : "embedded PGlite";
    const target = { baseUrl: app.url, secret: DEVELOPMENT_WEBHOOK_SECRET };
    const webhooks = await measureAcknowledgements(stripe, target, customers);
    table(`Webhook acknowledgements (verify, record; processing runs meanwhile) on ${database}`, webhooks);
    // What the acknowledgements left to process, before the burst starts.
    await waitForInbox(app.databaseUrl, 120_000);
    const burst = await measureBurst(stripe, {
      ...target,
      databaseUrl: app.databaseUrl,
      emulatorUrl: app.stripeEmulatorUrl,
    });
    table(`Burst: 2,000 deliveries for 200 customers, 20% duplicates, shuffled, concurrency 20, on ${database}`, [
      burst,
    ]);
    if (!pagesToo) {
      return await save({ target: "tollgate", database: databaseUrl ? "postgresql" : "pglite", webhooks, burst });
    }

    const pages = await measurePages(app.url, cookie, proxy);
    table("Pages (10 connections, 2,000 requests each)", pages);
    for (const [path, statements] of Object.entries(roundTripStatements)) {
      if (statements.length > 0)
        console.log(`${path} queries:\n  ${statements.map((sql) => sql.slice(0, 110)).join("\n  ")}`);
    }

    const nextPid = execFileSync("pgrep", ["-P", String(app.pid)])
      .toString()
      .trim()
      .split("\n")[0];
    const rssMB = Math.round(Number(execFileSync("ps", ["-o", "rss=", "-p", nextPid!]).toString().trim()) / 1024);
    console.log(`\nServer RSS after the load: ${rssMB} MB`);
    await save({
      target: "tollgate",
      database: databaseUrl ? "postgresql" : "pglite",
      webhooks,
      burst,
      pages,
      rssMB,
      ...(process.env.BENCH_ONLY ? {} : { adminConsole: await measureAdminConsole() }),
      ...(proxy ? { dbRoundTripStatements: roundTripStatements } : {}),
    });
  } finally {
    await app.stop();
    await proxy?.stop();
  }
}

async function save(result: object) {
  await mkdir("bench/results", { recursive: true });
  const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  await writeFile(file, JSON.stringify({ at: new Date().toISOString(), ...result }, null, 2));
  console.log(`\nSaved ${file}`);
}

await main();

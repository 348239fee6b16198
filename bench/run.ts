// `npm run bench`: webhook throughput and latency, page latency and weight,
// and server memory, against the production build (`npm run build` first).
// Numbers, not pass/fail: results print as a table and are saved as JSON in
// bench/results/. BENCH_DATABASE_URL runs the app on that PostgreSQL instead
// of the embedded database; BENCH_BASE_URL measures the pages of any running
// server (another starter, say) instead of starting ours.
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
// bench/admin-console.ts); `npm run bench -- admin` runs only that part.
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import Stripe from "stripe";
import { migrate } from "@/lib/db-migrations";
import { withClient } from "@/scripts/pg-client";
import { startAppServer } from "@/tests/helpers/app-server";
import { DEVELOPMENT_WEBHOOK_SECRET } from "@/tools/stripe-emulator/server";
import { insertSignedInUser } from "@/tests/helpers/sessions";
import { benchAdminConsole } from "./admin-console";
import { roundTripsOf, startRoundTripProxy, type RoundTripProxy } from "./pg-round-trips";

type Row = Record<string, string | number>;
/** The SQL behind each page's dbRoundTrips, saved with the results. */
const roundTripStatements: Record<string, string[]> = {};

async function load(count: number, concurrency: number, request: (index: number) => Promise<Response>) {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        const begin = performance.now();
        try {
          const response = await request(index);
          await response.arrayBuffer();
          if (!response.ok) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return {
    requests: count,
    rps: Math.round(count / seconds),
    p50: +at(0.5).toFixed(1),
    p99: +at(0.99).toFixed(1),
    errors,
  };
}

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
  if (process.argv.includes("admin")) return save({ target: "tollgate", adminConsole: await measureAdminConsole() });
  const external = process.env.BENCH_BASE_URL;
  if (external) {
    const pages = await measurePages(external);
    table(`Pages of ${external}`, pages);
    return save({ target: external, pages });
  }

  const databaseUrl = process.env.BENCH_DATABASE_URL;
  if (databaseUrl) await withClient(databaseUrl, (client) => migrate(client));
  const proxy = databaseUrl ? await startRoundTripProxy(databaseUrl) : undefined;
  const app = await startAppServer(
    {
      AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0",
      EMAIL_SERVER: "smtp://127.0.0.1:9",
      EMAIL_FROM: "Tollgate <bench@example.com>",
    },
    proxy?.url,
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

    let eventNumber = 0;
    const sendWebhook = () => {
      const payload = JSON.stringify({
        id: `evt_bench_${Date.now()}_${eventNumber}`,
        object: "event",
        type: "customer.subscription.updated",
        data: { object: { object: "subscription", customer: customers[eventNumber++ % customers.length] } },
      });
      const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: DEVELOPMENT_WEBHOOK_SECRET });
      return fetch(`${app.url}/api/webhooks/stripe`, {
        method: "POST",
        body: payload,
        headers: { "content-type": "application/json", "stripe-signature": signature },
      });
    };
    const webhooks: Row[] = [];
    for (const concurrency of [1, 20, 50]) {
      webhooks.push({ concurrency, ...(await load(concurrency === 1 ? 200 : 1000, concurrency, sendWebhook)) });
    }
    table(
      `Webhooks (verify, dedupe, re-read from the emulator, write) on ${databaseUrl ? "PostgreSQL" : "embedded PGlite"}`,
      webhooks,
    );

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
      pages,
      rssMB,
      adminConsole: await measureAdminConsole(),
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

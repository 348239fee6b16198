// `npm run bench`: Tollgate's pages measured against a floor (a bare Next.js
// app of the same version, bench/floor, built here: one static page, and one
// rendered per request as signed-in pages are),
// interleaved round by round in the same run, so the machine's load hits both
// alike and the ratios (medians of each round's ratio) are what count; plus webhook throughput, bytes and
// JavaScript per page, server and process-tree memory, a soak for memory
// growth, and Subscribe's time to the Checkout redirect with 150 ms per Stripe
// call. Against the production build (`npm run build` first). Results print
// as tables and are saved as JSON in bench/results/.
//
// Webhooks (bench/webhooks.ts): acknowledgements at concurrency 1/20/50 while
// processing runs, and a 2,000-delivery burst's convergence to Stripe.
//
// BENCH_DATABASE_URL runs the app on that PostgreSQL instead of the embedded
// database; BENCH_BASE_URL measures any running server (another starter, say)
// instead of starting ours: its pages, and its webhook endpoint when
// BENCH_WEBHOOK_SECRET (and BENCH_WEBHOOK_PATH, default /api/webhooks/stripe)
// are set. BENCH_ONLY=webhooks skips the pages, the soak and Subscribe.
// BENCH_ROUNDS (5), BENCH_SECONDS (5 per page per round) and BENCH_SOAK
// (50,000 webhooks and as many page views) size the run. BENCH_SERVER_NODE_OPTIONS
// is the NODE_OPTIONS of the server (and its launcher) only, e.g.
// --max-old-space-size=256 to measure a bounded heap.
//
// The load generator (bench/load.ts) runs in a process of its own and reports
// its CPU share; the load average is recorded with every round.
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
import { execFile, execFileSync, spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import Stripe from "stripe";
import { syncCatalogToStripe } from "@/lib/billing/catalog-sync";
import { startCheckout, parsePlanChoice } from "@/lib/billing/checkout";
import { createStripeClient } from "@/lib/billing/stripe";
import { createPrismaClient } from "@/lib/db";
import { migrate } from "@/lib/db-migrations";
import { nextStartCommand } from "@/scripts/next-start.mjs";
import { withClient } from "@/scripts/pg-client";
import { freePort, startAppServer } from "@/tests/helpers/app-server";
import { DEVELOPMENT_WEBHOOK_SECRET } from "@/tools/stripe-emulator/server";
import { insertSignedInUser } from "@/tests/helpers/sessions";
import { waitForInbox } from "@/tests/helpers/webhook-burst";
import { benchAdminConsole } from "./admin-console";
import { roundTripsOf, startRoundTripProxy, type RoundTripProxy } from "./pg-round-trips";
import { load } from "./request-loop";
import { measureAcknowledgements, measureBurst } from "./webhooks";

type Row = Record<string, string | number>;
type LoadResult = {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  bytesPerResponse: number;
  loadCpuShare: number;
};

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SOAK = Number(process.env.BENCH_SOAK ?? 50_000);
const IDLE_SECONDS = 5;
const CONNECTIONS = 10;
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

/** GET load from a separate process (bench/load.ts). */
async function loadFromChild(url: string, headers?: Record<string, string>, seconds = SECONDS): Promise<LoadResult> {
  const job = JSON.stringify({ url, connections: CONNECTIONS, seconds, headers });
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "bench/load.ts", job], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as LoadResult;
}

/** Modern JavaScript a page loads (the nomodule polyfill is for old browsers only), raw and gzipped. */
async function javascriptWeight(baseUrl: string, pagePath: string, cookie?: string) {
  const html = await (await fetch(`${baseUrl}${pagePath}`, { headers: cookie ? { cookie } : {} })).text();
  const scripts = [...html.matchAll(/<script[^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => !/nomodule/i.test(tag))
    .flatMap((tag) => /src="([^"]+)"/.exec(tag)?.[1] ?? []);
  let raw = 0;
  let gzip = 0;
  for (const src of new Set(scripts)) {
    const body = Buffer.from(await (await fetch(new URL(src, baseUrl))).arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body).length;
  }
  const flight = [...html.matchAll(/self\.__next_f\.push\((.*?)\)<\/script>/gs)].reduce(
    (total, match) => total + match[1]!.length,
    0,
  );
  return {
    htmlBytes: Buffer.byteLength(html),
    flightBytes: flight,
    jsKiB: +(raw / 1024).toFixed(1),
    jsGzipKiB: +(gzip / 1024).toFixed(1),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const load1 = () => +loadavg()[0]!.toFixed(2);

type Target = { name: string; url: string; headers?: Record<string, string> };

/** Every target once per round, in turn, so a busy moment hits them all alike; medians per target. */
async function interleaved(targets: Target[]) {
  const results = new Map<string, LoadResult[]>(targets.map((target) => [target.name, []]));
  const loads: number[] = [];
  for (const target of targets) await loadFromChild(target.url, target.headers, 1); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    loads.push(load1());
    for (const target of targets) results.get(target.name)!.push(await loadFromChild(target.url, target.headers));
  }
  const summary = new Map(
    targets.map((target) => {
      const runs = results.get(target.name)!;
      return [
        target.name,
        {
          rps: median(runs.map((run) => run.rps)),
          p50: median(runs.map((run) => run.p50)),
          p99: median(runs.map((run) => run.p99)),
          errors: runs.reduce((total, run) => total + run.errors, 0),
          bytesPerResponse: median(runs.map((run) => run.bytesPerResponse)),
          loadCpuShare: median(runs.map((run) => run.loadCpuShare)),
        },
      ];
    }),
  );
  return { summary, runs: results, loadAverages: loads };
}

/**
 * `name`'s figure over `base`'s, per round, then the median: the two were
 * measured back to back in each round, so a busy moment of the machine
 * weighs on both, which a ratio of the two medians does not ensure.
 */
function ratioPerRound(runs: Map<string, LoadResult[]>, name: string, base: string, figure: "rps" | "p99") {
  const baseRuns = runs.get(base)!;
  return +median(runs.get(name)!.map((run, round) => run[figure] / baseRuns[round]![figure])).toFixed(2);
}

function table(title: string, rows: Row[]) {
  console.log(`\n${title}`);
  console.table(rows);
}

/** The floor app, built now with the project's Next.js (in a copy outside the project), served by `next start` as `npm start` runs it. */
async function startFloor() {
  console.log("Building the floor app (bench/floor) …");
  const floorDir = await mkdtemp(path.join(tmpdir(), "tollgate-floor-"));
  await cp(path.resolve("bench/floor"), floorDir, { recursive: true });
  await symlink(path.resolve("node_modules"), path.join(floorDir, "node_modules"));
  execFileSync(process.execPath, [nextBin, "build"], {
    cwd: floorDir,
    stdio: "ignore",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  const port = await freePort();
  // The same runtime settings as our server: the ratios then measure the
  // app, not the flags.
  const command = nextStartCommand(
    nextBin,
    { port: String(port), host: "127.0.0.1" },
    { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  );
  const floorApp = await startProcess("The floor app", command.args, { cwd: floorDir, env: command.env }, /Ready in/);
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await floorApp.stop();
      await rm(floorDir, { recursive: true, force: true });
    },
  };
}

/**
 * The Stripe emulator in a process of its own (`npm run stripe:emulator`), as
 * Stripe is outside the app: its work is neither in the app's process tree
 * nor on this process's event loop, which sends the load. Webhooks go to the
 * app once it is up (setWebhookEndpoint).
 */
async function startEmulatorProcess() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const emulator = await startProcess(
    "The Stripe emulator",
    ["--import", "tsx", "tools/stripe-emulator/main.ts"],
    { env: { ...process.env, STRIPE_EMULATOR_PORT: String(port), STRIPE_EMULATOR_WEBHOOK_URL: "" } },
    /listening on/,
  );
  await syncCatalogToStripe(createStripeClient({ emulatorUrl: url }));
  return {
    url,
    async setWebhookEndpoint(webhookUrl: string) {
      const response = await fetch(`${url}/_emulator/webhook-endpoint`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ url: webhookUrl }),
      });
      if (!response.ok) throw new Error(`The emulator refused the webhook endpoint: ${await response.text()}`);
    },
    stop: emulator.stop,
  };
}

/** A node process, started and waited for until its output matches `ready`; stop() ends it with SIGTERM. */
async function startProcess(
  name: string,
  args: string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv },
  ready: RegExp,
) {
  const child = spawn(process.execPath, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!ready.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${name} did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Highest resident set of `pid` so far, in MB (VmHWM). */
async function peakRssOf(pid: number): Promise<number> {
  const kB = Number(/^VmHWM:\s+(\d+) kB/m.exec(await readFile(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  return Math.round(kB / 1024);
}

/** RSS in MB of `pid` and of the tree under it. */
function memoryOf(pid: number): { processMB: number; treeMB: number } {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,rss="])
    .toString()
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
  const tree = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [child, parent] of rows)
      if (tree.has(parent) && !tree.has(child)) {
        tree.add(child);
        grew = true;
      }
  }
  const rssOf = (wanted: number) => rows.find(([candidate]) => candidate === wanted)?.[2] ?? 0;
  const total = [...tree].reduce((sum, member) => sum + rssOf(member), 0);
  return { processMB: Math.round(rssOf(pid) / 1024), treeMB: Math.round(total / 1024) };
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
    const target = { baseUrl: external, secret: secret ?? "", path: process.env.BENCH_WEBHOOK_PATH };
    const webhooks = secret ? await measureAcknowledgements(new Stripe("sk_test_bench"), target, []) : [];
    if (secret) table(`Webhook acknowledgements of ${external}`, webhooks);
    let pages: Row[] = [];
    if (pagesToo) {
      const { summary } = await interleaved(
        ["/", "/pricing", "/sign-in"].map((page) => ({ name: page, url: `${external}${page}` })),
      );
      pages = [...summary].map(([page, figures]) => ({ page, ...figures }));
      table(`Pages of ${external}`, pages);
    }
    return save({ target: external, webhooks, pages });
  }

  const floor = pagesToo ? await startFloor() : undefined;
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  if (databaseUrl) await withClient(databaseUrl, (client) => migrate(client));
  // The round-trip counter sits between the app and PostgreSQL for the pages only.
  const proxy: RoundTripProxy | undefined =
    databaseUrl && pagesToo ? await startRoundTripProxy(databaseUrl) : undefined;
  // On PostgreSQL the server runs as a deployment's `npm start` does (with a
  // database URL and a Stripe key it execs `next start`, nothing else), with
  // the emulator standing in for api.stripe.com in a process of its own: the
  // tree measured is the production one. On the embedded database it is the
  // launcher, which holds PGlite and the emulator.
  const sharedEmulator = databaseUrl ? await startEmulatorProcess() : undefined;
  const app = await startAppServer(
    {
      AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0",
      EMAIL_SERVER: "smtp://127.0.0.1:9",
      EMAIL_FROM: "Tollgate <bench@example.com>",
      // Node options for the server only (not this process or the load generator).
      ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
    },
    proxy?.url ?? databaseUrl,
    { stripeEmulatorUrl: sharedEmulator?.url },
  ).catch(async (error: unknown) => {
    // A process of its own would outlive this one.
    await sharedEmulator?.stop();
    throw error;
  });
  try {
    await sharedEmulator?.setWebhookEndpoint(`${app.url}/api/webhooks/stripe`);
    const stripe = createStripeClient({ emulatorUrl: app.stripeEmulatorUrl });
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
    const database = databaseUrl ? "PostgreSQL" : "embedded PGlite";
    const webhookTarget = { baseUrl: app.url, secret: DEVELOPMENT_WEBHOOK_SECRET };
    const webhooks = await measureAcknowledgements(stripe, webhookTarget, customers);
    table(`Webhook acknowledgements (verify, record; processing runs meanwhile) on ${database}`, webhooks);
    // What the acknowledgements left to process, before the burst starts.
    await waitForInbox(app.databaseUrl, 120_000);
    const burst = await measureBurst(stripe, {
      ...webhookTarget,
      databaseUrl: app.databaseUrl,
      emulatorUrl: app.stripeEmulatorUrl,
    });
    table(`Burst: 2,000 deliveries for 200 customers, 20% duplicates, shuffled, concurrency 20, on ${database}`, [
      burst,
    ]);
    if (!floor) {
      return await save({ target: "tollgate", database: databaseUrl ? "postgresql" : "pglite", webhooks, burst });
    }

    // Pages against the floor, interleaved. No Accept-Encoding: compression
    // is measured on its own below.
    const signedIn = { cookie };
    const targets: Target[] = [
      { name: "floor /", url: `${floor.url}/` },
      { name: "floor /dynamic", url: `${floor.url}/dynamic` },
      { name: "/", url: `${app.url}/` },
      { name: "/pricing", url: `${app.url}/pricing` },
      { name: "/sign-in", url: `${app.url}/sign-in` },
      { name: "/dashboard/pro", url: `${app.url}/dashboard/pro`, headers: signedIn },
    ];
    const { summary, runs, loadAverages } = await interleaved(targets);
    const floorJs = await javascriptWeight(floor.url, "/");
    const pages: Row[] = [];
    const statementsByPage: Record<string, string[]> = {};
    for (const target of targets) {
      const figures = summary.get(target.name)!;
      const own = !target.name.startsWith("floor ");
      const pagePath = new URL(target.url).pathname;
      const weight = own
        ? await javascriptWeight(app.url, pagePath, target.headers?.cookie)
        : await javascriptWeight(floor.url, pagePath);
      const roundTrips = own && proxy ? await roundTripsOf(proxy, target.url, target.headers ?? {}) : undefined;
      pages.push({
        page: target.name,
        ...figures,
        rpsVsFloor: ratioPerRound(runs, target.name, "floor /", "rps"),
        p99VsFloor: ratioPerRound(runs, target.name, "floor /", "p99"),
        // Against the bare page rendered per request: what is left once the
        // cost of rendering at all is set aside (for the signed-in pages).
        rpsVsDynamicFloor: ratioPerRound(runs, target.name, "floor /dynamic", "rps"),
        ...weight,
        jsGzipOverFloorKiB: +(weight.jsGzipKiB - floorJs.jsGzipKiB).toFixed(1),
        dbRoundTrips: roundTrips ? roundTrips.min : "n/a",
      });
      if (roundTrips) statementsByPage[target.name] = roundTrips.statements;
    }
    table(
      `Pages (${CONNECTIONS} connections, ${SECONDS} s each, medians of ${ROUNDS} interleaved rounds; load averages ${loadAverages.join(", ")})`,
      pages,
    );
    for (const [page, statements] of Object.entries(statementsByPage).filter(([, list]) => list.length > 0)) {
      console.log(`\nDatabase statements of one ${page} view:\n  ${statements.join("\n  ")}`);
    }

    // What gzip in the Node server costs (the app sends no ETags: next.config.ts).
    const gzip = { "accept-encoding": "gzip" };
    const { summary: compressed } = await interleaved([
      { name: "floor / gzip", url: `${floor.url}/`, headers: gzip },
      { name: "/ gzip", url: `${app.url}/`, headers: gzip },
      { name: "/ identity", url: `${app.url}/` },
    ]);
    const encoding = [...compressed].map(([name, figures]) => ({
      request: name,
      ...figures,
      loadAverage: load1(),
    }));
    table("Compression", encoding);

    const afterLoad = memoryOf(app.pid);
    // The launcher's Next.js child by name (tsx gives the launcher an esbuild
    // child too); on PostgreSQL the server is the process itself.
    const nextServer = sharedEmulator
      ? app.pid
      : Number(
          execFileSync("pgrep", ["-P", String(app.pid), "next-server"])
            .toString()
            .trim()
            .split("\n")[0],
        );
    // Right after the last response the server still holds that load's
    // garbage and jemalloc's not yet returned pages (dirty_decay_ms:1000);
    // after a few idle seconds RSS is what the server keeps between bursts.
    const atOnceMB = memoryOf(nextServer).processMB;
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const idleTree = memoryOf(app.pid);
    const memoryAfterLoad = {
      nextServerMB: atOnceMB,
      treeMB: afterLoad.treeMB,
      idleSeconds: IDLE_SECONDS,
      nextServerIdleMB: memoryOf(nextServer).processMB,
      treeIdleMB: idleTree.treeMB,
      // The highest RSS the server reached (VmHWM), during the load.
      nextServerPeakMB: await peakRssOf(nextServer),
      tree: sharedEmulator ? "production: next start only" : "launcher with PGlite and the emulator",
      // scripts/next-start.mjs preloads jemalloc where it is installed.
      allocator: /libjemalloc/.test(await readFile(`/proc/${nextServer}/maps`, "utf8")) ? "jemalloc" : "glibc malloc",
    };
    console.log(
      `\nRSS after the load: next-server ${atOnceMB} MB at once, ${memoryAfterLoad.nextServerIdleMB} MB after ${IDLE_SECONDS} s idle (peak ${memoryAfterLoad.nextServerPeakMB} MB); whole tree (${memoryAfterLoad.tree}) ${memoryAfterLoad.treeMB} MB at once, ${idleTree.treeMB} MB idle; ${memoryAfterLoad.allocator}`,
    );

    // The soak: SOAK webhooks and SOAK page views in alternating chunks;
    // RSS after the first 10,000 of each against RSS at the end.
    const soakPages = ["/", "/pricing", "/sign-in", "/dashboard/pro"];
    const chunk = Math.min(1_000, Math.max(1, Math.floor(SOAK / 10)));
    let sent = 0;
    let baseline: number | undefined;
    const soakStarted = Date.now();
    while (sent < SOAK) {
      const size = Math.min(chunk, SOAK - sent);
      await load(size, 20, sendWebhook);
      await load(size, 10, (index) =>
        fetch(`${app.url}${soakPages[index % soakPages.length]}`, {
          headers: index % soakPages.length === 3 ? signedIn : {},
        }),
      );
      sent += size;
      // The first 10,000 of 50,000 (a fifth of a shorter soak) is the baseline.
      if (baseline === undefined && sent >= Math.min(10_000, SOAK / 5)) baseline = memoryOf(nextServer).processMB;
    }
    const soakEnd = memoryOf(nextServer).processMB;
    const soak = {
      webhooks: SOAK,
      pageViews: SOAK,
      baselineAfter: Math.min(10_000, SOAK / 5),
      rssAtBaselineMB: baseline ?? soakEnd,
      rssAtEndMB: soakEnd,
      growth: +((soakEnd - (baseline ?? soakEnd)) / (baseline ?? soakEnd)).toFixed(3),
      minutes: +((Date.now() - soakStarted) / 60_000).toFixed(1),
      loadAverage: load1(),
    };
    table("Soak (next-server RSS)", [soak]);

    const subscribe = await subscribeLatency(app, stripe);
    table("Subscribe to Checkout redirect, 150 ms per Stripe call", subscribe);

    await save({
      target: "tollgate",
      database: databaseUrl ? "postgresql" : "pglite",
      rounds: ROUNDS,
      secondsPerRun: SECONDS,
      pageLoadAverages: loadAverages,
      webhooks,
      burst,
      pages,
      encoding,
      memoryAfterLoad,
      soak,
      subscribe,
      ...(process.env.BENCH_ONLY ? {} : { adminConsole: await measureAdminConsole() }),
    });
  } finally {
    await app.stop();
    await sharedEmulator?.stop();
    await floor?.stop();
    await proxy?.stop();
  }
}

/**
 * Subscribe as the server action runs it (startCheckout), against the
 * emulator answering every call 150 ms late: a user without a Stripe customer
 * yet, and one who has a customer but no subscription.
 */
async function subscribeLatency(
  app: { databaseUrl: string; stripeEmulatorUrl: string },
  stripe: Stripe,
): Promise<Row[]> {
  const control = (body: object) =>
    fetch(`${app.stripeEmulatorUrl}/_emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const db = createPrismaClient(app.databaseUrl, 1);
  const deps = { db, stripe, appUrl: "http://127.0.0.1", emailHashKey: "bench" };
  const rows: Row[] = [];
  try {
    await control({ apiLatencyMs: 150 });
    for (let index = 0; index < 5; index++) {
      const user = await db.user.create({
        data: { email: `subscribe-${index}-${Date.now()}@example.com` },
        select: { id: true, email: true },
      });
      for (const kind of ["new customer", "returning customer"]) {
        const started = performance.now();
        const result = await startCheckout(
          deps,
          user,
          parsePlanChoice(kind === "new customer" ? "pro" : "business", "month"),
        );
        rows.push({ kind, ms: Math.round(performance.now() - started), result: result.kind });
      }
    }
  } finally {
    await control({ apiLatencyMs: 0 });
    await db.$disconnect();
  }
  return ["new customer", "returning customer"].map((kind) => ({
    kind,
    medianMs: median(rows.filter((row) => row.kind === kind).map((row) => row.ms as number)),
    stripeLatencyMs: 150,
  }));
}

async function save(result: object) {
  await mkdir("bench/results", { recursive: true });
  const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  await writeFile(file, JSON.stringify({ at: new Date().toISOString(), ...result }, null, 2));
  console.log(`\nSaved ${file}`);
}

await main();

// The admin console at scale: 100,000 users and 1,000,000 audit rows seeded
// in PostgreSQL (BENCH_DATABASE_URL, or a throwaway local PostgreSQL 15), the
// production build on it, and the latency of the user search, a user's page
// and the audit log as an admin sees them, first pages and a deep page reached
// by cursor. Target: under 100 ms. The machine may be shared, so the load
// average is recorded with the figures.
import { loadavg } from "node:os";
import { migrate } from "@/lib/db-migrations";
import { withClient } from "@/scripts/pg-client";
import { startAppServer } from "@/tests/helpers/app-server";
import { startPostgresServer } from "@/tests/helpers/postgres-server";
import { insertSignedInUser } from "@/tests/helpers/sessions";
import { createPostgresDatabase } from "@/tests/helpers/test-database";

const USERS = 100_000;
const AUDIT_ROWS = 1_000_000;
const DEEP_PAGE = 40;

type Latency = { page: string; requests: number; p50: number; p95: number; max: number };

async function seed(url: string): Promise<string> {
  return withClient(url, async (client) => {
    await migrate(client);
    await client.query(
      `INSERT INTO "User" (id, email, name, "stripeCustomerId", tier, "updatedAt")
       SELECT 'bench-user-' || g, 'user' || g || '@bench.example', 'Bench User ' || g,
              'cus_bench' || lpad(g::text, 7, '0'), CASE WHEN g % 4 = 0 THEN 'pro' ELSE 'free' END, now()
       FROM generate_series(1, ${USERS}) g`,
    );
    // Spread over a year; a third caused by users, the rest by Stripe events.
    await client.query(
      `INSERT INTO "AuditLog" (at, actor, "actorRole", action, "targetType", "targetId", before, after)
       SELECT now() - make_interval(secs => g * 31.5),
              CASE WHEN g % 3 = 0 THEN 'bench-user-' || (g % ${USERS} + 1) ELSE 'stripe:evt_bench' || g END,
              CASE WHEN g % 3 = 0 THEN 'member'::"UserRole" END,
              (ARRAY['billing.tier_change', 'subscription.status_change', 'auth.sign_in', 'auth.sign_out'])[g % 4 + 1],
              'user', 'bench-user-' || (g % ${USERS} + 1), '{"tier": "free"}', '{"tier": "pro"}'
       FROM generate_series(1, ${AUDIT_ROWS}) g`,
    );
    await client.query("ANALYZE");
    const admin = await insertSignedInUser(client, { email: "bench-admin@example.com" });
    await client.query(`UPDATE "User" SET role = 'admin' WHERE id = $1`, [admin.id]);
    return admin.cookie;
  });
}

/**
 * Each page's latency over `requests` rounds; a round requests every page
 * once, so a burst of load from elsewhere on the machine falls on all pages
 * alike instead of on whichever page was being measured.
 */
async function latencies(pages: [name: string, url: string][], cookie: string, requests: number): Promise<Latency[]> {
  const times = pages.map((): number[] => []);
  for (let round = 0; round < requests + 5; round++) {
    for (const [index, [, url]] of pages.entries()) {
      const started = performance.now();
      const response = await fetch(url, { headers: { cookie } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      if (round >= 5) times[index]!.push(performance.now() - started); // the first rounds warm up
    }
  }
  return pages.map(([page], index) => {
    const sorted = times[index]!.sort((a, b) => a - b);
    const at = (q: number) => +sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
    return { page, requests, p50: at(0.5), p95: at(0.95), max: +sorted.at(-1)!.toFixed(1) };
  });
}

/** The page reached from `path` by following its link labelled `label` `times` times, as an operator would. */
async function followLink(appUrl: string, path: string, label: string, times: number, cookie: string): Promise<string> {
  let at = path;
  for (let step = 0; step < times; step++) {
    const html = await (await fetch(`${appUrl}${at}`, { headers: { cookie } })).text();
    const href = [...html.matchAll(/<a[^>]*href="([^"]+)"[^>]*>([^<]*)<\/a>/g)].find((link) => link[2] === label)?.[1];
    if (!href) throw new Error(`${at} has no "${label}" link (step ${step + 1} of ${times})`);
    at = href.replaceAll("&amp;", "&");
  }
  return at;
}

export async function benchAdminConsole(): Promise<{
  pages: Latency[];
  loadAverage: { before: number[]; after: number[] };
  seedSeconds: number;
}> {
  const server = await startPostgresServer();
  const database = await createPostgresDatabase(server.url);
  try {
    const seedStarted = performance.now();
    const cookie = await seed(database.url);
    const seedSeconds = Math.round((performance.now() - seedStarted) / 1000);
    const app = await startAppServer(
      {
        AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0",
        EMAIL_SERVER: "smtp://127.0.0.1:9",
        EMAIL_FROM: "Tollgate <bench@example.com>",
      },
      database.url,
    );
    const before = loadavg();
    try {
      // Deep pages are reached the way an operator reaches them: by cursor,
      // following "Next page" / "Older" from the first page.
      const deep = (path: string, label: string) => followLink(app.url, path, label, DEEP_PAGE - 1, cookie);
      const deepSearch = await deep("/admin?q=user5", "Next page →");
      const pageList: [name: string, path: string][] = [
        ["/admin?q=user4242", "/admin?q=user4242"], // email prefix
        ["/admin?q=user5", "/admin?q=user5"], // a prefix shared by 11,111 users: first page
        [`/admin?q=user5, page ${DEEP_PAGE} by cursor`, deepSearch],
        [
          `/admin?q=user5, page ${DEEP_PAGE - 1} by Previous`,
          await followLink(app.url, deepSearch, "← Previous page", 1, cookie),
        ],
        ["/admin?q=Bench+User+77777", "/admin?q=Bench+User+77777"], // name
        ["/admin?q=cus_bench0031337", "/admin?q=cus_bench0031337"], // Stripe customer id
        ["/admin/users/bench-user-4242", "/admin/users/bench-user-4242"], // tier, subscriptions, events, audit trail
        ["/admin/audit", "/admin/audit"], // newest rows
        [`/admin/audit, page ${DEEP_PAGE} by cursor`, await deep("/admin/audit", "Older →")],
        ["/admin/audit?action=auth.sign_in&from=2026-01-01", "/admin/audit?action=auth.sign_in&from=2026-01-01"],
        [
          `/admin/audit?action=auth.sign_in&from=2026-01-01, page ${DEEP_PAGE} by cursor`,
          await deep("/admin/audit?action=auth.sign_in&from=2026-01-01", "Older →"),
        ],
        ["/admin/audit?targetId=bench-user-4242", "/admin/audit?targetId=bench-user-4242"],
      ];
      const pages = await latencies(
        pageList.map(([page, path]) => [page, `${app.url}${path}`]),
        cookie,
        100,
      );
      return { pages, loadAverage: { before, after: loadavg() }, seedSeconds };
    } finally {
      await app.stop();
    }
  } finally {
    await database.drop();
    await server.stop();
  }
}

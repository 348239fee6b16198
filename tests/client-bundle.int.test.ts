// Nothing secret reaches browsers. Every file under .next/static (what the
// production build serves to anyone) is scanned for:
// - the secret values the build could have seen: this process's environment
//   and the .env files, loaded the way `next build` loads them (@next/env),
//   plus the generated development AUTH_SECRET. `npm test` builds and then runs
//   this suite in the same environment, so these are the build's values;
// - secret shapes, whatever their value (Stripe secret/restricted keys,
//   webhook secrets, PostgreSQL URLs), so a key hard-coded into a module that
//   a client component imports is caught even when no env var holds it.
// Next.js inlines only NEXT_PUBLIC_* variables into client code, so the other
// way in is a public name: the last test allows only the publishable key.
// The fixture test shows the scan finds an inlined secret, i.e. this can fail.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadEnvConfig } from "@next/env";
import { describe, expect, it } from "vitest";
import { STAND_IN_PATH } from "@/lib/payments/stripe-js-config";
import { DEFAULT_EMULATOR_PORT, DEVELOPMENT_WEBHOOK_SECRET } from "@/tools/stripe-emulator/server";

const SECRET_VARIABLES = [
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "AUTH_SECRET",
  "AUTH_GITHUB_SECRET",
  "AUTH_GOOGLE_SECRET",
  "DATABASE_URL",
  "TEST_DATABASE_URL",
  "BENCH_DATABASE_URL",
  "EMAIL_SERVER",
];
const SECRET_SHAPES = [
  /\b[sr]k_(?:test|live)_[A-Za-z0-9_]{8,}/,
  /\bwhsec_[A-Za-z0-9_]{8,}/,
  /\bpostgres(?:ql)?:\/\/[^\s"'`]+/,
];
// Only values this long are looked for, so short ones cannot match by chance.
const MIN_SECRET_LENGTH = 8;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** `file: what` for every secret value or secret-shaped string found under `dir`. */
async function findSecrets(dir: string, secrets: Map<string, string>): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesUnder(dir)) {
    const text = await readFile(file, "latin1");
    for (const [name, value] of secrets) if (text.includes(value)) found.push(`${file}: the value of ${name}`);
    for (const shape of SECRET_SHAPES) {
      const match = shape.exec(text);
      if (match) found.push(`${file}: ${match[0].slice(0, 12)}… (${shape})`);
    }
  }
  return found;
}

async function secretsTheBuildSaw(): Promise<Map<string, string>> {
  const { combinedEnv } = loadEnvConfig(process.cwd(), false, { info: () => {}, error: () => {} }, true);
  const secrets = new Map<string, string>();
  for (const name of SECRET_VARIABLES) {
    const value = combinedEnv[name] ?? process.env[name];
    if (value && value.length >= MIN_SECRET_LENGTH) secrets.set(name, value);
  }
  secrets.set("the emulator's webhook signing secret", DEVELOPMENT_WEBHOOK_SECRET);
  const devSecret = await readFile(".data/auth-secret", "utf8").catch(() => "");
  if (devSecret.trim().length >= MIN_SECRET_LENGTH) secrets.set("the development AUTH_SECRET", devSecret.trim());
  return secrets;
}

describe("the client bundle", () => {
  it("contains none of the build's secret values and nothing shaped like a secret", async () => {
    if (!existsSync(".next/BUILD_ID"))
      throw new Error("No production build: run `npm run build` first (npm test does).");
    const files = await filesUnder(".next/static");
    expect(files.filter((file) => file.endsWith(".js")).length).toBeGreaterThan(5);
    const secrets = await secretsTheBuildSaw();
    console.log(
      `client bundle: ${files.length} files scanned for ${secrets.size} secret values and ${SECRET_SHAPES.length} secret shapes`,
    );
    expect(await findSecrets(".next/static", secrets)).toEqual([]);
  });

  it("the same scan finds the server-only development keys in the server build", async () => {
    // lib/billing/stripe.ts holds an emulator key and the development webhook
    // secret; they must show up server-side, so their absence client-side means something.
    const found = await findSecrets(".next/server", await secretsTheBuildSaw());
    expect(found.some((entry) => entry.includes("sk_test_toll"))).toBe(true);
    expect(found.some((entry) => entry.includes("the emulator's webhook signing secret"))).toBe(true);
  });

  it("the scan finds a secret inlined into a chunk (fixture)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tollgate-bundle-fixture-"));
    try {
      await mkdir(path.join(dir, "chunks"));
      const chunk = (body: string) => `(self.webpackChunk=self.webpackChunk||[]).push([[1],{1:e=>{${body}}}]);`;
      await writeFile(path.join(dir, "chunks", "clean.js"), chunk(`e.exports={publishable:"pk_test_123456789"}`));
      await writeFile(
        path.join(dir, "chunks", "value.js"),
        chunk(`e.exports={secret:"unguessable-auth-secret-value"}`),
      );
      // Assembled at run time, so no live-key-shaped string is committed.
      const liveKeyShape = ["sk", "live", "51Habcdefghijkl"].join("_");
      await writeFile(path.join(dir, "chunks", "shape.js"), chunk(`e.exports={key:"${liveKeyShape}"}`));
      const found = await findSecrets(dir, new Map([["AUTH_SECRET", "unguessable-auth-secret-value"]]));
      expect(found.map((entry) => path.basename(entry.split(":")[0]!)).sort()).toEqual(["shape.js", "value.js"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("holds no trace of the Stripe emulator, while it does hold the Stripe.js loader", async () => {
    // Payment pages get the stand-in's URL as a prop from the server, only
    // when that server runs on the emulator, so no build (with a key or
    // without) bundles the emulator's address, its key or its stand-in: a
    // server with a key loads Stripe's own Stripe.js. lib/payments tests the
    // per-server choice; this checks the bundle itself.
    const traces = [
      "pk_test_tollgate_emulator",
      STAND_IN_PATH,
      "/_emulator/",
      `:${DEFAULT_EMULATOR_PORT}`,
      "stripe-emulator",
      // The stand-in's own message tag (tools/stripe-emulator/stripe-js/stand-in-script.ts).
      "tollgate-stripe-emulator",
    ];
    const found: string[] = [];
    let loaderFound = false;
    for (const file of await filesUnder(".next/static")) {
      const text = await readFile(file, "latin1");
      for (const trace of traces) if (text.includes(trace)) found.push(`${file}: ${trace}`);
      loaderFound ||= text.includes("https://js.stripe.com");
    }
    expect(found).toEqual([]);
    expect(loaderFound, "the payment pages' Stripe.js loader is in the scanned bundle").toBe(true);
  });

  it("declares no NEXT_PUBLIC_ variable but the publishable key (Next inlines those into the bundle)", async () => {
    const sources = (await readFile("lib/env.ts", "utf8")) + (await readFile(".env.example", "utf8"));
    expect([...new Set(sources.match(/NEXT_PUBLIC_[A-Z0-9_]+/g))]).toEqual(["NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY"]);
  });
});

// What an operator gets from `npm start` on the production build: with its
// own database and a Stripe key, only the Next.js server runs (no tsx, no
// launcher holding PGlite or the emulator), and SIGTERM or SIGINT, as a
// container's runtime sends it, ends every process `npm start` started within
// 10 s, after finishing the request in flight.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db-migrations";
import { allocatorEnv } from "@/scripts/next-start.mjs";
import { freePort, TEST_APP_ENV } from "./helpers/app-server";
import { createTestDatabase, withClient, type TestDatabase } from "./helpers/test-database";

const STOP_WITHIN_MS = 10_000;

type Started = { npm: ChildProcess; url: string; port: number; output: () => string };

async function npmStart(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const npm = spawn("npm", ["start", "--silent"], {
    env: { ...process.env, ...TEST_APP_ENV, PORT: String(port), HOST: "127.0.0.1", APP_URL: url, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  npm.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 90_000;
  // Next prints "Ready in" before it has loaded its config and request
  // handlers; a signal in that window is a different case (start-up), so the
  // journeys below begin once a page has been served.
  while (!/Ready in/.test(output) || !(await serves(url))) {
    if (npm.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { npm, url, port, output: () => output };
}

async function serves(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/`)).status === 200;
  } catch {
    return false;
  }
}

/** Every live descendant of `pid`, with its command line. */
function descendants(pid: number): Array<{ pid: number; command: string }> {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,args="])
    .toString()
    .trim()
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line)!)
    .map(([, child, parent, command]) => ({ pid: Number(child), ppid: Number(parent), command: command! }));
  const found: Array<{ pid: number; command: string }> = [];
  const walk = (parent: number) => {
    for (const row of rows.filter((candidate) => candidate.ppid === parent)) {
      found.push({ pid: row.pid, command: row.command });
      walk(row.pid);
    }
  };
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A webhook POST whose body is still arriving: in flight until `finish()` sends
 * the rest. It asks for `100 Continue` and waits for it, so the server has
 * parsed the request before the test signals; a connection whose bytes the
 * server has not read yet is idle to Node and closed by a graceful stop, which
 * made this test race a loaded machine.
 */
async function requestInFlight(port: number) {
  const body = JSON.stringify({ id: "evt_in_flight", object: "event", type: "customer.updated" });
  const socket = net.connect(port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  let response = "";
  const continued = new Promise<void>((resolve, reject) => {
    socket.on("data", (chunk) => {
      response += chunk.toString();
      if (response.startsWith("HTTP/1.1 100 ")) resolve();
    });
    socket.once("close", () => reject(new Error(`Closed before 100 Continue: ${JSON.stringify(response)}`)));
  });
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.write(
    `POST /api/webhooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nStripe-Signature: t=1,v1=00\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
  );
  await continued;
  socket.write(body.slice(0, 10));
  return {
    async finish() {
      socket.end(body.slice(10));
      await closed;
      // The final answer follows the interim `100 Continue`.
      return response.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, "");
    },
  };
}

/** Signals npm and checks the tree it started is gone in time, with the in-flight request answered. */
async function stopsEverything(started: Started, signal: "SIGTERM" | "SIGINT") {
  const tree = descendants(started.npm.pid!);
  const pending = await requestInFlight(started.port);
  const signalledAt = Date.now();
  started.npm.kill(signal);
  // The request that was being received when the signal came still gets its answer.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const response = await pending.finish();
  expect(response, `server output:\n${started.output()}`).toMatch(/^HTTP\/1\.1 400 /);
  while ([started.npm.pid!, ...tree.map((entry) => entry.pid)].some(alive)) {
    if (Date.now() - signalledAt > STOP_WITHIN_MS) {
      const left = tree.filter((entry) => alive(entry.pid)).map((entry) => entry.command);
      throw new Error(`Still running ${STOP_WITHIN_MS} ms after ${signal}: ${left.join(" | ")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // New connections are refused: nothing is listening any more.
  await expect(fetch(started.url)).rejects.toThrow();
}

// `npm test` builds before the suite runs.
describe("npm start on the production build", () => {
  let database: TestDatabase;
  const stripeKey = ["sk", "test", "process"].join("_");
  const deployed = () => ({
    DATABASE_URL: database.url,
    STRIPE_SECRET_KEY: stripeKey,
    STRIPE_WEBHOOK_SECRET: ["whsec", "process"].join("_"),
    NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: ["pk", "test", "process"].join("_"),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    await withClient(database.url, (client) => migrate(client));
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("with a database and a Stripe key runs only the Next.js server", async () => {
    const started = await npmStart(deployed());
    const tree = descendants(started.npm.pid!);
    try {
      expect(tree).toHaveLength(1);
      expect(tree[0]!.command).toMatch(/^next-server/);
      expect((await fetch(`${started.url}/`)).status).toBe(200);
      const maps = readFileSync(`/proc/${tree[0]!.pid}/maps`, "utf8");
      // next.config.ts is read without loading the SWC compiler into the server (scripts/next-start.mjs).
      expect(maps).not.toMatch(/next-swc/);
      // jemalloc wherever it is installed (.ci/run installs it), glibc's malloc elsewhere.
      const preloaded = allocatorEnv(process.env).LD_PRELOAD ?? process.env.LD_PRELOAD;
      if (preloaded) expect(maps).toContain(preloaded);
      else expect(maps).not.toMatch(/libjemalloc/);
    } finally {
      for (const pid of [started.npm.pid!, ...tree.map((entry) => entry.pid)])
        if (alive(pid)) process.kill(pid, "SIGKILL");
    }
  }, 120_000);

  it.each(["SIGTERM", "SIGINT"] as const)(
    "%s ends npm start and the server, after the request in flight",
    async (signal) => {
      await stopsEverything(await npmStart(deployed()), signal);
    },
    120_000,
  );

  it("SIGTERM also stops the embedded database and the Stripe emulator the launcher started", async () => {
    const dataRoot = await mkdtemp(path.join(tmpdir(), "tollgate-process-"));
    try {
      const started = await npmStart({
        EMBEDDED_DATABASE_DIR: path.join(dataRoot, "pglite"),
        ALLOW_STRIPE_EMULATOR_IN_PRODUCTION: "1",
      });
      expect(started.output()).toMatch(/Embedded PostgreSQL/);
      expect(started.output()).toMatch(/Stripe emulator/);
      await stopsEverything(started, "SIGTERM");
    } finally {
      // The launcher's last writes (the emulator's state) can land while rm walks the tree.
      await rm(dataRoot, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    }
  }, 120_000);
});

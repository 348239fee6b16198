// Runs the production build (`npm start`'s launcher) on a free loopback port
// for HTTP-level tests. `npm test` builds before the suite runs.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate } from "@/lib/db-migrations";
import { nextStartCommand } from "@/scripts/next-start.mjs";
import { createTestDatabase, testDatabaseKind, withClient, type TestDatabase } from "./test-database";

export type AppServer = {
  url: string;
  /** postgresql:// URL of the server's database. */
  databaseUrl: string;
  /** Base URL of the Stripe emulator the server uses. */
  stripeEmulatorUrl: string;
  /** PID of the launcher (the Next.js server is its child), or of the Next.js server with a shared emulator. */
  pid: number;
  logs(): string;
  stop(): Promise<void>;
  /** SIGKILL, as a crash or an OOM kill would: no shutdown work runs. */
  kill(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the built app. Without `databaseUrl` it runs on a fresh embedded
 * database. With `stripeEmulatorUrl` (several instances sharing one emulator,
 * say) it runs `next start` itself instead of the launcher, which would start
 * an emulator of its own; that needs a migrated `databaseUrl`.
 */
export async function startAppServer(
  env: Record<string, string>,
  databaseUrl?: string,
  options: { stripeEmulatorUrl?: string } = {},
): Promise<AppServer> {
  if (!existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first (npm test does).");
  const port = await freePort();
  const dataRoot = await mkdtemp(path.join(tmpdir(), "tollgate-app-"));
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const external = options.stripeEmulatorUrl;
  if (external && !databaseUrl) throw new Error("startAppServer: a shared Stripe emulator needs a databaseUrl");
  // With its own emulator it is the launcher; with a shared one, `next start`
  // exactly as `npm start` execs it in a deployment (scripts/next-start.mjs).
  const command = external
    ? nextStartCommand(
        createRequire(import.meta.url).resolve("next/dist/bin/next"),
        { port: String(port), host: "127.0.0.1" },
        process.env,
      )
    : { args: ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], env: process.env };
  const child = spawn(process.execPath, command.args, {
    env: {
      ...command.env,
      NODE_ENV: "production",
      // The built app with the local Stripe emulator, as the e2e journeys run it.
      ALLOW_STRIPE_EMULATOR_IN_PRODUCTION: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: url,
      EMBEDDED_DATABASE_DIR: path.join(dataRoot, "pglite"),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...(external ? { STRIPE_EMULATOR_URL: external, NEXT_TELEMETRY_DISABLED: "1" } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stopWith = (signal: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    await rm(dataRoot, { recursive: true, force: true });
  };
  const stop = stopWith("SIGTERM");

  const deadline = Date.now() + 90_000;
  while (!/Ready in|✓ Ready/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`The app server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const embedded = /Embedded PostgreSQL \(PGlite\) at (\S+),/.exec(output)?.[1];
  const stripeEmulatorUrl = external ?? /Stripe emulator \(test mode\) at (\S+):/.exec(output)?.[1] ?? "";
  return {
    url,
    databaseUrl: databaseUrl ?? embedded!,
    stripeEmulatorUrl,
    pid: child.pid!,
    logs: () => output,
    stop,
    kill: stopWith("SIGKILL"),
  };
}

/** What a production server needs besides its database (no email is sent to port 9). */
export const TEST_APP_ENV = {
  AUTH_SECRET: "test-secret-test-secret-test-secret-42",
  EMAIL_SERVER: "smtp://127.0.0.1:9",
  EMAIL_FROM: "Tollgate <no-reply@example.com>",
};

/**
 * startAppServer on the suite's kind of database: its own embedded PGlite, or
 * a new migrated database on TEST_DATABASE_URL's server, dropped on stop().
 */
export async function startAppOnTestDatabase(env: Record<string, string> = {}): Promise<AppServer> {
  let database: TestDatabase | undefined;
  try {
    if (testDatabaseKind === "postgresql") {
      database = await createTestDatabase();
      await withClient(database.url, (client) => migrate(client));
    }
    const app = await startAppServer({ ...TEST_APP_ENV, ...env }, database?.url);
    return {
      ...app,
      async stop() {
        await app.stop();
        await database?.drop();
      },
    };
  } catch (error) {
    await database?.drop();
    throw error;
  }
}

/** A minimal cookie jar for fetch: keeps name=value pairs across requests. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(attribute));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  /** fetch without following redirects, sending and storing cookies. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("cookie", this.header());
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    this.store(response);
    return response;
  }
}

/**
 * One request on its own connection (node:http, no keep-alive pool). For
 * bodies the server refuses before reading them (413): it may drop the
 * connection, which a pooled fetch would then reuse for the next request.
 * `chunks` are sent with chunked transfer encoding, without Content-Length.
 */
export function requestOnce(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; chunks?: string[] },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: init.method ?? "POST", headers: init.headers, agent: false },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
        response.on("error", reject);
      },
    );
    // The server may answer and close before the whole body is sent.
    request.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" ? undefined : reject(error)));
    if (init.chunks) for (const chunk of init.chunks) request.write(chunk);
    request.end(init.body);
  });
}

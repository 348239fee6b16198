// `npm start`. With DATABASE_URL and STRIPE_SECRET_KEY set (a real
// deployment), this process becomes `next start` itself (exec): nothing else
// stays in memory, and the signals a container sends reach Next.js directly,
// which stops taking connections and finishes in-flight requests before it
// exits. Without them (the embedded database, or the Stripe emulator for the
// end-to-end tests) it becomes the launcher (scripts/start.ts), which owns
// those and stops them with the server.
//
// Plain Node, no tsx: this file decides before any TypeScript loads. Like
// scripts/load-env.ts it is a bootstrap that reads process.env before
// lib/env.ts validates it (Next.js validates it at start in instrumentation).
import nextEnv from "@next/env";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { nextStartCommand } from "./next-start.mjs";

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
const { DATABASE_URL, STRIPE_SECRET_KEY, PORT, HOST } = process.env;

const production = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
const { args, env } =
  DATABASE_URL && STRIPE_SECRET_KEY
    ? nextStartCommand(
        createRequire(import.meta.url).resolve("next/dist/bin/next"),
        { port: PORT || "3000", host: HOST || "0.0.0.0" },
        production,
      )
    : { args: ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], env: production };

if (typeof process.execve === "function") {
  // Node 22.15+: replace this process, keeping its PID.
  process.execve(process.execPath, [process.execPath, ...args], env);
} else {
  // Older Node: run it as a child and pass the signals on.
  const child = spawn(process.execPath, args, { env, stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
}

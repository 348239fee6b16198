// Loads .env files the way Next.js does, then validates them with lib/env.ts.
// A bad variable stops the script with the one-line message naming it.
import nextEnv from "@next/env";
import type { Env } from "@/lib/env";

// Besides lib/env.ts, this bootstrap is the only code that touches process.env:
// it fills it from .env files before anything reads it.
export async function loadEnvOrExit(
  mode: "development" | "production" = process.env.NODE_ENV === "production" ? "production" : "development",
): Promise<Env> {
  if (mode === "production") Object.assign(process.env, { NODE_ENV: "production" });
  nextEnv.loadEnvConfig(process.cwd(), mode === "development", { info: () => {}, error: console.error });
  try {
    return (await import("@/lib/env")).env;
  } catch (error) {
    exitWith(error);
  }
}

/** Prints an error as the single line an operator needs, and exits 1. */
export function exitWith(error: unknown): never {
  console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

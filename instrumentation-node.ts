// A bad environment stops the server at start with the one line naming the
// variable, instead of failing on the first request.
export async function validateEnvironmentOrExit(): Promise<void> {
  try {
    await import("@/lib/env");
  } catch (error) {
    console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

// Every long-running instance processes webhook events (lib/billing/inbox.ts),
// so events acknowledged by an instance that stopped are processed by another.
export async function startWebhookProcessing(): Promise<void> {
  const { env } = await import("@/lib/env");
  if (env.DATABASE_URL === undefined || env.NEXT_PHASE === "phase-production-build") return;
  (await import("@/lib/billing/app-inbox")).inboxWorker();
}

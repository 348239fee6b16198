// Start-up checks of the Node.js server (`next start`, `next dev`): a bad
// environment, an unreachable database or a refused Stripe key stops the
// server at start with one line naming the problem, instead of failing on the
// first request. Warnings are printed and the server starts.
export async function runStartupChecksOrExit(): Promise<void> {
  try {
    const { env } = await import("@/lib/env");
    // `next build` prerenders without a database or keys to check.
    if (env.NEXT_PHASE === "phase-production-build") return;
    const { checkDatabase, checkStripeKey } = await import("@/lib/startup-checks");
    const findings = await Promise.all([
      env.DATABASE_URL === undefined ? null : checkDatabase(env.DATABASE_URL),
      env.STRIPE_SECRET_KEY === undefined
        ? null
        : import("@/lib/billing/stripe").then(({ createStripeClient }) =>
            checkStripeKey(createStripeClient({ secretKey: env.STRIPE_SECRET_KEY })),
          ),
    ]);
    for (const finding of findings) {
      if (finding?.level === "warn") console.warn(`⚠ ${finding.message}`);
    }
    const stop = findings.find((finding) => finding?.level === "stop");
    if (stop) exitWith(stop.message);
  } catch (error) {
    exitWith(error instanceof Error ? error.message : String(error));
  }
}

function exitWith(message: string): never {
  console.error(`✖ ${message}`);
  process.exit(1);
}

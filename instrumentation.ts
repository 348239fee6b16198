// Runs once when the Next.js server starts. The Node.js check lets the
// bundler drop the import for the Edge runtime.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const node = await import("./instrumentation-node");
    await node.validateEnvironmentOrExit();
    await node.startWebhookProcessing();
  }
}

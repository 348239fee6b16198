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

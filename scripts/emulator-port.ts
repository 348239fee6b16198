// The development emulator keeps one port across restarts: Stripe objects it
// stores (invoice links, portal and checkout URLs) name it, and a new random
// port on every `npm run dev` would break each link saved before.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** The port the last run used, or 0 (any free port) on a first run or an unreadable file. */
export async function rememberedPort(file: string): Promise<number> {
  const text = (await readFile(file, "utf8").catch(() => "")).trim();
  const port = Number(text);
  return /^\d+$/.test(text) && port > 0 && port <= 65_535 ? port : 0;
}

export async function rememberPort(file: string, port: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${port}\n`);
}

/**
 * Starts on the remembered port; when another program holds it, on any free
 * port instead (links stored before then keep naming the old port, so say so).
 */
export async function startOnRememberedPort<T extends { url: string }>(
  file: string,
  start: (port: number) => Promise<T>,
): Promise<T> {
  const remembered = await rememberedPort(file);
  let started: T;
  try {
    started = await start(remembered);
  } catch (error) {
    if (remembered === 0 || (error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    console.warn(
      `▲ The Stripe emulator's usual port ${remembered} is in use; using another. Links stored with port ${remembered} (e.g. invoice pages) work again once it runs on ${remembered}: free that port, or set STRIPE_EMULATOR_PORT=${remembered}.`,
    );
    started = await start(0);
  }
  await rememberPort(file, Number(new URL(started.url).port));
  return started;
}

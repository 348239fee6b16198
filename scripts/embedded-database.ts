// The embedded PostgreSQL: PGlite (Postgres compiled to WebAssembly) served on
// a loopback port through pglite-socket, so the app reaches it with the same
// driver (@prisma/adapter-pg) as a real server. Used by `npm run dev`,
// `npm start` and `npm run db:migrate` when DATABASE_URL is unset, and by the
// test harness with an in-memory database.
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

export type EmbeddedDatabase = {
  /** postgresql:// URL of the loopback socket. */
  url: string;
  stop(): Promise<void>;
};

export class DatabaseInUseError extends Error {
  override readonly name = "DatabaseInUseError";
}

// pglite-socket multiplexes connections onto PGlite's single session. It keeps
// a transaction's statements together, but may interleave two connections'
// extended-protocol messages outside a transaction, so the app runs a pool of
// one (DATABASE_POOL_SIZE=1); the other slots serve psql, scripts and tests.
const MAX_CONNECTIONS = 20;

/**
 * Starts PGlite on `host:port` (port 0 picks a free one). With `dataDir` the
 * data persists there and the directory is locked to this process; without
 * it the database lives in memory.
 */
export async function startEmbeddedDatabase(options: {
  dataDir?: string;
  port?: number;
  host?: string;
}): Promise<EmbeddedDatabase> {
  const releaseLock = options.dataDir ? await lockDataDir(options.dataDir) : async () => {};
  let pglite: PGlite | undefined;
  try {
    pglite = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
    const server = new PGLiteSocketServer({
      db: pglite,
      host: options.host ?? "127.0.0.1",
      port: options.port ?? 0,
      maxConnections: MAX_CONNECTIONS,
    });
    await server.start();
    const db = pglite;
    const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres`;
    // Other processes (`npm run admin:grant`) reach the running database here.
    const urlFile = options.dataDir ? runningUrlFile(options.dataDir) : undefined;
    if (urlFile) await writeFile(urlFile, url, { mode: 0o600 });
    return {
      url,
      async stop() {
        if (urlFile) await rm(urlFile, { force: true });
        await server.stop();
        await db.close();
        await releaseLock();
      },
    };
  } catch (error) {
    await pglite?.close().catch(() => {});
    await releaseLock();
    if (isAddressInUse(error)) {
      throw new DatabaseInUseError(
        `EMBEDDED_DATABASE_PORT ${options.port} is already in use on ${options.host ?? "127.0.0.1"}; pick another port or 0 for any free one.`,
      );
    }
    throw error;
  }
}

const runningUrlFile = (dataDir: string) => `${path.resolve(dataDir)}.url`;

/**
 * The URL of the embedded database another process (`npm run dev` or
 * `npm start`) is serving from `dataDir`, or null when none holds it. PGlite
 * allows one process per directory, so a second one must connect, not open.
 */
export async function runningEmbeddedDatabaseUrl(dataDir: string): Promise<string | null> {
  const owner = Number.parseInt(await readFile(`${path.resolve(dataDir)}.lock`, "utf8").catch(() => ""), 10);
  if (!Number.isInteger(owner) || !isAlive(owner)) return null;
  const url = (await readFile(runningUrlFile(dataDir), "utf8").catch(() => "")).trim();
  return url || null;
}

function isAddressInUse(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === "EADDRINUSE";
}

// PGlite has no multi-process locking of its own: two processes writing one
// directory corrupt it. A lock file holding the owner's PID makes the second
// process stop with a clear message; a lock left by a dead process is taken over.
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(path.dirname(path.resolve(dataDir)), { recursive: true });
  const lockFile = `${path.resolve(dataDir)}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: "wx" });
      return () => rm(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(await readFile(lockFile, "utf8").catch(() => ""), 10);
      if (Number.isInteger(owner) && isAlive(owner)) {
        throw new DatabaseInUseError(
          `Database already in use: ${dataDir} belongs to process ${owner} (another \`npm run dev\` or \`npm start\`?). Stop it, or set DATABASE_URL to use another database.`,
        );
      }
      await rm(lockFile, { force: true });
    }
  }
  throw new DatabaseInUseError(`Database already in use: could not lock ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

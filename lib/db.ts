// The one PrismaClient of the app. It always talks to PostgreSQL through
// @prisma/adapter-pg: the embedded database (PGlite behind a loopback socket,
// started by `npm run dev` / `npm start`) or a real server from DATABASE_URL.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Prisma and the pg pool under it. Hot paths that are one statement (the
 * webhook acknowledgement) use the pool directly and skip Prisma's query
 * compiler; both share the same connections, which PGlite needs (one session).
 */
export type Database = { db: PrismaClient; pool: pg.Pool };

export function createDatabase(connectionString: string, poolSize?: number): Database {
  const pool = new pg.Pool({ connectionString, ...(poolSize ? { max: poolSize } : {}) });
  // $disconnect() ends the pool too.
  return { db: new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }), pool };
}

export function createPrismaClient(connectionString: string, poolSize?: number): PrismaClient {
  return createDatabase(connectionString, poolSize).db;
}

function createAppDatabase(): Database {
  // `next build` imports this module without a database; queries then fail
  // with this message instead of a connection error to localhost.
  const url = env.DATABASE_URL;
  if (url === undefined) {
    const missing = new Proxy({} as never, {
      get() {
        throw new Error(
          "DATABASE_URL is not set: start the app with `npm run dev` or `npm start` (embedded database), or set DATABASE_URL to a PostgreSQL URL.",
        );
      },
    });
    return { db: missing, pool: missing };
  }
  return createDatabase(url, env.DATABASE_POOL_SIZE);
}

// One pool per process, cached on globalThis: hot reloads in development
// reuse it, and in production the instrumentation bundle (which runs the
// webhook inbox worker) and the app's route bundles each load this module, so
// without the cache a process would hold two pools. The embedded database
// serves one session (DATABASE_POOL_SIZE=1): two pools interleave their
// statements on it ("bind message supplies 6 parameters, but … requires 2").
const globalForPrisma = globalThis as unknown as { tollgateDatabase?: Database };

const database: Database = (globalForPrisma.tollgateDatabase ??= createAppDatabase());

export const db: PrismaClient = database.db;
/** The pool under `db`, for single statements on hot paths. */
export const dbPool: pg.Pool = database.pool;

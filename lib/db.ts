// The one PrismaClient of the app. It always talks to PostgreSQL through
// @prisma/adapter-pg: the embedded database (PGlite behind a loopback socket,
// started by `npm run dev` / `npm start`) or a real server from DATABASE_URL.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

export function createPrismaClient(connectionString: string, poolSize?: number): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, ...(poolSize ? { max: poolSize } : {}) }) });
}

function createAppClient(): PrismaClient {
  // `next build` imports this module without a database; queries then fail
  // with this message instead of a connection error to localhost.
  const url = env.DATABASE_URL;
  if (url === undefined) {
    return new Proxy({} as PrismaClient, {
      get() {
        throw new Error(
          "DATABASE_URL is not set: start the app with `npm run dev` or `npm start` (embedded database), or set DATABASE_URL to a PostgreSQL URL.",
        );
      },
    });
  }
  return createPrismaClient(url, env.DATABASE_POOL_SIZE);
}

// Cached on globalThis so hot reloads in development reuse one pool.
const globalForPrisma = globalThis as unknown as { tollgatePrisma?: PrismaClient };

export const db: PrismaClient = globalForPrisma.tollgatePrisma ?? createAppClient();

if (env.NODE_ENV !== "production") globalForPrisma.tollgatePrisma = db;

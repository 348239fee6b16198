// A PostgreSQL server for the tests that PGlite cannot stand in for (several
// app instances on one database). TEST_DATABASE_URL when set (CI); otherwise
// a throwaway PostgreSQL 15 cluster on a free loopback port, started the way
// .ci/run starts one, or an error naming what is missing. Never a silent skip.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./app-server";

export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";

export type PostgresServer = { url: string; stop(): Promise<void> };

export async function startPostgresServer(): Promise<PostgresServer> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return { url: given, stop: async () => {} };
  if (!existsSync(path.join(POSTGRES_BIN, "initdb"))) {
    throw new Error(
      `This test needs PostgreSQL: set TEST_DATABASE_URL=postgresql://… or install postgresql-15 (${POSTGRES_BIN}/initdb).`,
    );
  }
  const root = await mkdtemp(path.join(tmpdir(), "tollgate-test-pg-"));
  const port = await freePort();
  const dataDir = path.join(root, "data");
  // initdb refuses to run as root: there the cluster belongs to the postgres user.
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) => {
    const binary = path.join(POSTGRES_BIN, command);
    if (asRoot) {
      const quoted = [binary, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(" ");
      execFileSync("su", ["postgres", "-c", quoted], { stdio: "pipe" });
    } else {
      execFileSync(binary, args, { stdio: "pipe" });
    }
  };
  if (asRoot) {
    const id = (flag: string) => {
      try {
        return Number(execFileSync("id", [flag, "postgres"], { stdio: "pipe" }).toString());
      } catch {
        throw new Error(
          "This test runs as root and needs the postgres OS user to own its cluster (initdb refuses root).",
        );
      }
    };
    await chown(root, id("-u"), id("-g"));
  }
  await chmod(root, 0o700);
  const stop = async () => {
    try {
      run("pg_ctl", ["-D", dataDir, "-m", "immediate", "stop"]);
    } catch {
      // Already stopped (or never started).
    }
    await rm(root, { recursive: true, force: true });
  };
  try {
    run("initdb", ["-D", dataDir, "-A", "trust", "-U", "postgres"]);
    const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`;
    run("pg_ctl", ["-D", dataDir, "-l", path.join(root, "server.log"), "-w", "-o", options, "start"]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, stop };
}

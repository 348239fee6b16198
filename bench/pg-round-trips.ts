// A loopback TCP proxy in front of PostgreSQL that counts the round trips the
// app makes, without touching the app: every frontend `Sync` ('S', the end of
// one extended-protocol query such as pg and Prisma send) and simple `Query`
// ('Q', e.g. BEGIN/COMMIT) is one wait for the server. Point any app's
// DATABASE_URL at `url`.
import net from "node:net";

export type RoundTripProxy = {
  url: string;
  /** Round trips since the last reset(). */
  count(): { sync: number; query: number; total: number };
  /** SQL text the app sent since the last reset() (Parse and Query messages), to see what the trips are. */
  statements(): string[];
  reset(): void;
  stop(): Promise<void>;
};

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

export async function startRoundTripProxy(databaseUrl: string): Promise<RoundTripProxy> {
  const target = new URL(databaseUrl);
  let sync = 0;
  let query = 0;
  let statements: string[] = [];
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    // Frontend messages: untyped until the startup message, then type + length.
    let startup = true;
    let buffer = Buffer.alloc(0);
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (startup) {
          if (buffer.length < 8) break;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) break;
          const code = buffer.readInt32BE(4);
          startup = code === SSL_REQUEST || code === GSSENC_REQUEST;
          buffer = buffer.subarray(length);
        } else {
          if (buffer.length < 5) break;
          const length = buffer.readInt32BE(1) + 1;
          if (buffer.length < length) break;
          const type = String.fromCharCode(buffer[0]!);
          if (type === "S") sync++;
          if (type === "Q") query++;
          if (type === "Q") statements.push(buffer.toString("utf8", 5, length - 1));
          if (type === "P") {
            const nameEnd = buffer.indexOf(0, 5);
            statements.push(buffer.toString("utf8", nameEnd + 1, buffer.indexOf(0, nameEnd + 1)));
          }
          buffer = buffer.subarray(length);
        }
      }
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    client.on("end", () => upstream.end());
    upstream.on("end", () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as net.AddressInfo).port);

  return {
    url: url.toString(),
    count: () => ({ sync, query, total: sync + query }),
    statements: () => [...statements],
    reset() {
      sync = 0;
      query = 0;
      statements = [];
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Database round trips of one request to `url` after `warmUp` requests (which
 * also let Auth.js extend a fresh session, a write that later requests skip).
 * Waits for the connection to go quiet, so work after the response counts too.
 */
export async function roundTripsOf(
  proxy: RoundTripProxy,
  url: string,
  headers: Record<string, string>,
  { warmUp = 5, samples = 5 } = {},
): Promise<{ min: number; max: number; status: number; statements: string[] }> {
  const quiet = () => new Promise((resolve) => setTimeout(resolve, 300));
  for (let index = 0; index < warmUp; index++) await (await fetch(url, { headers })).arrayBuffer();
  const totals: number[] = [];
  let status = 0;
  let statements: string[] = [];
  for (let index = 0; index < samples; index++) {
    await quiet();
    proxy.reset();
    const response = await fetch(url, { headers, redirect: "manual" });
    await response.arrayBuffer();
    status = response.status;
    await quiet();
    const total = proxy.count().total;
    // The fewest seen is the page's own: the app's background work (the
    // inbox worker, email retries) only ever adds to a sample.
    if (totals.length === 0 || total < Math.min(...totals)) statements = proxy.statements();
    totals.push(total);
  }
  return { min: Math.min(...totals), max: Math.max(...totals), status, statements };
}

// How `npm start` runs the production Next.js server, shared by the exec in
// scripts/start.mjs and the launcher's child (scripts/launch.ts). Plain Node,
// no tsx: start.mjs imports it before any TypeScript loads. Measured in
// `npm run bench` (README, Benchmarks):
//
// - Node 22's V8 keeps the heap pages a garbage collection frees in a pool and
//   returns them to the system only on a memory-reducing collection, so the
//   server's RSS stays at its highest heap ever, not its live heap (about
//   70 MB here). With the default old-space limit (a quarter of the machine's
//   memory) the heap grows to several times the live set between collections
//   under load: 450-730 MB RSS. A limit sizes that growth to the limit and
//   makes collections near it memory-reducing. It is only a default: a
//   --max-old-space-size in NODE_OPTIONS wins.
// - glibc gives each thread that allocates its own malloc arena, and arenas
//   rarely shrink; two arenas keep the native memory of libuv's and V8's
//   worker threads small. MALLOC_ARENA_MAX set in the environment wins.
// - next.config.ts is read with Node's own type stripping instead of loading
//   the SWC compiler (a native module of about 25 MB and its threads) into
//   the server only to read the config.

/** Old-space limit in MB: several times the server's live heap, far below its unlimited peaks. */
export const DEFAULT_MAX_OLD_SPACE_MB = 256;

/**
 * The node arguments and environment of `next start`.
 * @param {string} nextBin path of next/dist/bin/next
 * @param {{ port: string, host: string }} listen
 * @param {Record<string, string | undefined>} env the server's environment
 * @returns {{ args: string[], env: Record<string, string | undefined> }}
 */
export function nextStart(nextBin, { port, host }, env) {
  const nodeOptions = env.NODE_OPTIONS ?? "";
  return {
    args: [nextBin, "start", "--port", port, "--hostname", host, "--experimental-next-config-strip-types"],
    env: {
      ...env,
      MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? "2",
      NODE_OPTIONS: /--max[-_]old[-_]space[-_]size[=\s]/.test(nodeOptions)
        ? nodeOptions
        : `${nodeOptions} --max-old-space-size=${DEFAULT_MAX_OLD_SPACE_MB}`.trim(),
    },
  };
}

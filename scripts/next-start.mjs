// How `npm start` runs the production Next.js server, shared by the exec in
// scripts/start.mjs and the launcher's child (scripts/launch.ts). Plain Node,
// no tsx: start.mjs imports it before any TypeScript loads.
//
// next.config.ts is read with Node's own type stripping: otherwise `next
// start` loads the SWC compiler (a native module of about 25 MB resident, and
// its threads) into the server only to read the config once.
//
// The runtime settings below were measured side by side (two servers under
// the same interleaved load); an operator's NODE_OPTIONS, LD_PRELOAD,
// MALLOC_CONF and MALLOC_ARENA_MAX still apply and take precedence.
import { existsSync } from "node:fs";

/**
 * Node and V8 flags of the server process.
 * - `--heap-growing-percent=10`: after each full collection V8 lets the heap
 *   grow by 10% of what survived before the next one, instead of up to 4x.
 *   V8 keeps the pages a collection frees, so without it the server's RSS
 *   follows its highest heap (516-544 MB after a minute of page load) while
 *   its live heap is about 70 MB; with it, 262-282 MB after the same load.
 *   Unlike `--max-old-space-size` it is no ceiling: a larger live heap still
 *   grows. Request garbage dies young (scavenges, unchanged), so the added
 *   full collections cost little: requests/s were within the noise.
 * - `--max-semi-space-size=8`: the young generation in two 8 MB halves
 *   instead of 16 MB ones. Under load V8 keeps the young generation committed
 *   at its largest (32 MB seen, 3-9 MB of it in use): about 20 MB less RSS
 *   after the bench's load, requests/s within the noise (interleaved A/B).
 * - `--experimental-async-context-frame` (Node 22 only; the default from 24):
 *   AsyncLocalStorage, which Next.js uses on every request, without async
 *   hooks on every promise: 15-25% more requests/s on the static pages.
 */
const SERVER_NODE_FLAGS = [
  "--heap-growing-percent=10",
  "--max-semi-space-size=8",
  ...(Number(process.versions.node.split(".")[0]) < 24 ? ["--experimental-async-context-frame"] : []),
];

/** Debian's directory for this machine's libraries (another architecture's would fail to preload). */
const DEBIAN_LIBRARY_DIRS = { x64: "/usr/lib/x86_64-linux-gnu", arm64: "/usr/lib/aarch64-linux-gnu" };

/**
 * Where Linux distributions install jemalloc 5: Debian and Ubuntu's
 * `libjemalloc2`, Fedora's `jemalloc`, Alpine's and Arch's `jemalloc`.
 * @param {string} arch process.arch
 * @returns {string[]}
 */
export function jemallocPaths(arch = process.arch) {
  const debian = DEBIAN_LIBRARY_DIRS[/** @type {keyof typeof DEBIAN_LIBRARY_DIRS} */ (arch)];
  return [
    ...(debian ? [`${debian}/libjemalloc.so.2`] : []),
    "/usr/lib64/libjemalloc.so.2",
    "/usr/lib/libjemalloc.so.2",
  ];
}

/**
 * Where jemalloc is installed on this machine, if it is.
 * @param {(path: string) => boolean} exists
 * @returns {string | undefined}
 */
export function installedJemalloc(exists = existsSync) {
  return jemallocPaths().find((path) => exists(path));
}

/**
 * The server's memory allocator. glibc's malloc keeps what the server frees
 * inside its heap (V8's compiler zones, response buffers, the bursts of a
 * webhook storm) and seldom gives it back; jemalloc returns freed pages to
 * the system a second after they fall idle (`dirty_decay_ms:1000`) from a
 * background thread. Measured with the bench's page and webhook load: RSS
 * 392 MB with glibc, 284 MB with jemalloc, requests/s within the noise. So
 * jemalloc is preloaded whenever it is installed. An operator's own
 * LD_PRELOAD (an empty one keeps glibc) wins, and so does MALLOC_CONF, which
 * then replaces these settings whole. Without
 * jemalloc, glibc gets two arenas instead of up to 8 per core, one per thread
 * that allocates (libuv's thread pool compresses responses, for one), each
 * keeping the memory it freed.
 * @param {NodeJS.ProcessEnv} env
 * @param {(path: string) => boolean} exists
 * @returns {NodeJS.ProcessEnv}
 */
export function allocatorEnv(env, exists = existsSync) {
  const jemalloc = env.LD_PRELOAD === undefined ? installedJemalloc(exists) : undefined;
  return {
    MALLOC_ARENA_MAX: "2",
    ...(jemalloc
      ? { LD_PRELOAD: jemalloc, MALLOC_CONF: "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0" }
      : {}),
  };
}

/**
 * How to run `next start`: the node arguments, and the environment (with the
 * allocator's settings under the caller's own).
 * @param {string} nextBin path of next/dist/bin/next
 * @param {{ port: string, host: string }} listen
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ args: string[], env: NodeJS.ProcessEnv }}
 */
export function nextStartCommand(nextBin, { port, host }, env) {
  return {
    args: [
      ...SERVER_NODE_FLAGS,
      nextBin,
      "start",
      "--port",
      port,
      "--hostname",
      host,
      "--experimental-next-config-strip-types",
    ],
    env: { ...allocatorEnv(env), ...env },
  };
}

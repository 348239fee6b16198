// How `npm start` runs the production Next.js server, shared by the exec in
// scripts/start.mjs and the launcher's child (scripts/launch.ts). Plain Node,
// no tsx: start.mjs imports it before any TypeScript loads.
//
// next.config.ts is read with Node's own type stripping: otherwise `next
// start` loads the SWC compiler (a native module of about 25 MB resident, and
// its threads) into the server only to read the config once.
//
// The runtime settings below were measured side by side (two servers under
// the same interleaved load); an operator's NODE_OPTIONS and MALLOC_ARENA_MAX
// still apply and take precedence.

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
 * - `--experimental-async-context-frame` (Node 22 only; the default from 24):
 *   AsyncLocalStorage, which Next.js uses on every request, without async
 *   hooks on every promise: 15-25% more requests/s on the static pages.
 */
const SERVER_NODE_FLAGS = [
  "--heap-growing-percent=10",
  ...(Number(process.versions.node.split(".")[0]) < 24 ? ["--experimental-async-context-frame"] : []),
];

/**
 * How to run `next start`: the node arguments, and the environment. glibc's
 * malloc keeps up to 8 arenas per core, one per thread that allocates
 * (libuv's thread pool compresses responses, for one), and each keeps the
 * memory it freed; two are enough for one JavaScript thread and bound that
 * native memory.
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
    env: { MALLOC_ARENA_MAX: "2", ...env },
  };
}

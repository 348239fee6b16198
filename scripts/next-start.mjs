// How `npm start` runs the production Next.js server, shared by the exec in
// scripts/start.mjs and the launcher's child (scripts/launch.ts). Plain Node,
// no tsx: start.mjs imports it before any TypeScript loads.
//
// next.config.ts is read with Node's own type stripping: otherwise `next
// start` loads the SWC compiler (a native module of about 25 MB resident, and
// its threads) into the server only to read the config once.
//
// Memory: Node 22's V8 keeps the heap pages a collection frees and returns
// them only on a memory-reducing collection, so the server's RSS follows its
// highest heap ever, not its live heap (about 70 MB). `NODE_OPTIONS=
// --max-old-space-size=256` caps that (README, Deploying) at a measured CPU
// cost per request, so it is the operator's choice, not a default here.

/**
 * The node arguments of `next start`.
 * @param {string} nextBin path of next/dist/bin/next
 * @param {{ port: string, host: string }} listen
 * @returns {string[]}
 */
export function nextStartArgs(nextBin, { port, host }) {
  return [nextBin, "start", "--port", port, "--hostname", host, "--experimental-next-config-strip-types"];
}

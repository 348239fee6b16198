import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_OLD_SPACE_MB, nextStart } from "./next-start.mjs";

const listen = { port: "3000", host: "127.0.0.1" };
// This process's environment without the settings under test.
const base: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: undefined, MALLOC_ARENA_MAX: undefined };

/** The old-space limit, in MB, of a Node.js process started with `env`. */
function heapLimitMB(env: NodeJS.ProcessEnv): number {
  const script = "console.log(require('v8').getHeapStatistics().heap_size_limit)";
  return Number(execFileSync(process.execPath, ["-e", script], { env }).toString()) / 1024 / 1024;
}

describe("how npm start runs next start", () => {
  it("bounds the server's heap by default", () => {
    const { env } = nextStart("next", listen, base);
    const limit = heapLimitMB(env);
    // The old space plus the young generation V8 adds to it.
    expect(limit).toBeGreaterThanOrEqual(DEFAULT_MAX_OLD_SPACE_MB);
    expect(limit).toBeLessThan(DEFAULT_MAX_OLD_SPACE_MB + 128);
    expect(env.MALLOC_ARENA_MAX).toBe("2");
  });

  it("keeps an operator's own heap limit, other NODE_OPTIONS and malloc arenas", () => {
    const { env } = nextStart("next", listen, {
      ...base,
      NODE_OPTIONS: "--max-old-space-size=1024 --enable-source-maps",
      MALLOC_ARENA_MAX: "8",
    });
    expect(heapLimitMB(env)).toBeGreaterThanOrEqual(1024);
    expect(env.NODE_OPTIONS).toContain("--enable-source-maps");
    expect(env.MALLOC_ARENA_MAX).toBe("8");
  });

  it("adds the limit to other NODE_OPTIONS", () => {
    const { env } = nextStart("next", listen, { ...base, NODE_OPTIONS: "--enable-source-maps" });
    expect(env.NODE_OPTIONS).toBe(`--enable-source-maps --max-old-space-size=${DEFAULT_MAX_OLD_SPACE_MB}`);
  });

  it("starts the server on the given address, reading next.config.ts without the SWC compiler", () => {
    expect(nextStart("/next", listen, base).args).toEqual([
      "/next",
      "start",
      "--port",
      "3000",
      "--hostname",
      "127.0.0.1",
      "--experimental-next-config-strip-types",
    ]);
  });
});

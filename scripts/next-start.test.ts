import { describe, expect, it } from "vitest";
import { allocatorEnv, JEMALLOC_PATHS, nextStartCommand } from "./next-start.mjs";

const installedAt = (path: string) => (candidate: string) => candidate === path;
const nothingInstalled = () => false;

describe("the production server's memory allocator", () => {
  it("preloads jemalloc from where the distribution installed it, returning idle pages within a second", () => {
    const arm = JEMALLOC_PATHS[1]!;
    expect(allocatorEnv({}, installedAt(arm))).toEqual({
      MALLOC_ARENA_MAX: "2",
      LD_PRELOAD: arm,
      MALLOC_CONF: "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0",
    });
  });

  it("keeps glibc, with two arenas, when jemalloc is not installed", () => {
    expect(allocatorEnv({}, nothingInstalled)).toEqual({ MALLOC_ARENA_MAX: "2" });
  });

  it("leaves the operator's LD_PRELOAD alone; an empty one keeps glibc", () => {
    expect(allocatorEnv({ LD_PRELOAD: "" }, installedAt(JEMALLOC_PATHS[0]!))).toEqual({ MALLOC_ARENA_MAX: "2" });
  });

  it("lets the operator's own settings win over the defaults", () => {
    const env = { LD_PRELOAD: "/opt/tcmalloc.so", MALLOC_ARENA_MAX: "4", MALLOC_CONF: "narenas:1" };
    const command = nextStartCommand("next", { port: "3000", host: "0.0.0.0" }, env);
    expect(command.env).toMatchObject(env);
  });
});

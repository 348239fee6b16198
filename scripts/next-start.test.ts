import { describe, expect, it } from "vitest";
import { allocatorEnv, jemallocPaths, nextStartCommand } from "./next-start.mjs";

const installedAt = (path: string) => (candidate: string) => candidate === path;
const nothingInstalled = () => false;
const [nativeDebianPath] = jemallocPaths();

describe("the production server's memory allocator", () => {
  it("preloads jemalloc from where the distribution installed it, returning idle pages within a second", () => {
    expect(allocatorEnv({}, installedAt("/usr/lib/libjemalloc.so.2"))).toEqual({
      MALLOC_ARENA_MAX: "2",
      LD_PRELOAD: "/usr/lib/libjemalloc.so.2",
      MALLOC_CONF: "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0",
    });
  });

  it("looks only in Debian's directory for this machine's architecture, which another's library would fail to preload in", () => {
    expect(jemallocPaths("x64")).toContain("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2");
    expect(jemallocPaths("x64")).not.toContain("/usr/lib/aarch64-linux-gnu/libjemalloc.so.2");
    expect(jemallocPaths("arm64")).toContain("/usr/lib/aarch64-linux-gnu/libjemalloc.so.2");
    expect(jemallocPaths("arm64")).not.toContain("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2");
  });

  it("keeps glibc, with two arenas, when jemalloc is not installed", () => {
    expect(allocatorEnv({}, nothingInstalled)).toEqual({ MALLOC_ARENA_MAX: "2" });
  });

  it("leaves the operator's LD_PRELOAD alone; an empty one keeps glibc", () => {
    expect(allocatorEnv({ LD_PRELOAD: "" }, installedAt(nativeDebianPath!))).toEqual({ MALLOC_ARENA_MAX: "2" });
  });

  it("lets the operator's own settings win over the defaults", () => {
    const env = { LD_PRELOAD: "/opt/tcmalloc.so", MALLOC_ARENA_MAX: "4", MALLOC_CONF: "narenas:1" };
    const command = nextStartCommand("next", { port: "3000", host: "0.0.0.0" }, env);
    expect(command.env).toMatchObject(env);
  });
});

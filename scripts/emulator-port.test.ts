import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startStripeEmulator, type StripeEmulator } from "@/tools/stripe-emulator/server";
import { rememberedPort, startOnRememberedPort } from "./emulator-port";

let dir: string;
let file: string;
const started: StripeEmulator[] = [];
const start = async (port: number) => {
  const emulator = await startStripeEmulator({ port, tickIntervalMs: 0 });
  started.push(emulator);
  return emulator;
};

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "emulator-port-"));
  file = path.join(dir, ".data", "stripe-emulator-port");
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((emulator) => emulator.stop()));
  await rm(dir, { recursive: true, force: true });
});

describe("the development emulator's port", () => {
  it("is remembered on the first start and reused on the next, so stored links keep working", async () => {
    const first = await startOnRememberedPort(file, start);
    const port = Number(new URL(first.url).port);
    expect(await rememberedPort(file)).toBe(port);
    await first.stop();
    started.pop();

    const second = await startOnRememberedPort(file, start);
    expect(second.url).toBe(first.url);
  });

  it("moves to a free port when another program holds the remembered one, and remembers the new one", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      await writeFile(path.join(dir, "port"), `${taken}\n`);
      const moved = await startOnRememberedPort(path.join(dir, "port"), start);
      const port = Number(new URL(moved.url).port);
      expect(port).not.toBe(taken);
      expect((await readFile(path.join(dir, "port"), "utf8")).trim()).toBe(String(port));
    } finally {
      blocker.close();
    }
  });

  it("ignores a file that does not hold a port", async () => {
    await writeFile(path.join(dir, "port"), "not a port");
    expect(await rememberedPort(path.join(dir, "port"))).toBe(0);
  });
});

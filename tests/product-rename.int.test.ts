// Renaming the product is a one-file change: a copy of the tracked tree with
// only the name in product.config.ts changed builds into an app that never
// says the old name — not in a page, an email, the metadata, the manifest or
// a client chunk. One production build, so it is slow (minutes).
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { copyFile, link, mkdir, readdir, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { product } from "@/product.config";

const oldName = product.name;
const newName = "Brightfield";
const root = process.cwd();
const copy = mkdtempSync(path.join(tmpdir(), "product-rename-"));

/** Runs a command in the copy; rejects with its output when it fails. */
function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: copy,
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} failed:\n${output}`))));
  });
}

/**
 * node_modules as hard links: free in time and space, and inside the copy.
 * Turbopack refuses a symlinked node_modules that points out of the project.
 */
async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const entries = await readdir(from, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      if (entry.isSymbolicLink()) await symlink(await readlink(source), target);
      else if (entry.isDirectory()) await linkTree(source, target);
      else await link(source, target);
    }),
  );
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Build files (server and client output) whose bytes contain `text`. */
async function buildFilesContaining(text: string): Promise<string[]> {
  const files = [
    ...(await filesUnder(path.join(copy, ".next/server"))),
    ...(await filesUnder(path.join(copy, ".next/static"))),
  ];
  const hits: string[] = [];
  for (const file of files) {
    if ((await readFile(file)).includes(text)) hits.push(path.relative(copy, file));
  }
  return hits;
}

describe("renaming the product", () => {
  afterAll(() => rm(copy, { recursive: true, force: true }));

  it("changes only product.config.ts, and the build names the new product and never the old", async () => {
    const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
      .split("\0")
      .filter(Boolean);
    for (const file of tracked) {
      await mkdir(path.dirname(path.join(copy, file)), { recursive: true });
      await copyFile(path.join(root, file), path.join(copy, file));
    }
    await linkTree(path.join(root, "node_modules"), path.join(copy, "node_modules"));

    const configPath = path.join(copy, "product.config.ts");
    const config = await readFile(configPath, "utf8");
    const renamed = config.replace(`const name = "${oldName}";`, `const name = "${newName}";`);
    expect(renamed, 'product.config.ts declares the name as `const name = "…";`').not.toBe(config);
    await writeFile(configPath, renamed);

    // What `npm install` does after a clone (the generated client is not tracked), then the build.
    await run(process.execPath, ["scripts/prisma-generate.mjs"]);
    await run(process.execPath, [path.join(copy, "node_modules/next/dist/bin/next"), "build"]);

    expect(await buildFilesContaining(oldName)).toEqual([]);
    expect(await buildFilesContaining(newName)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\.next\/server\/app\/index\.html$/)]),
    );
  }, 900_000);
});

// What a deployed product serves to browsers, crawlers and link previews, on
// the production build: robots.txt and the sitemap on the running origin,
// the web manifest and its icons, the social preview image, and the legal
// pages linked from every page's footer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { product } from "@/product.config";
import { startAppOnTestDatabase, type AppServer } from "./helpers/app-server";
import { createSignedInUser } from "./helpers/sessions";

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe("public files of the production build", () => {
  let app: AppServer;
  let home: string;
  beforeAll(async () => {
    app = await startAppOnTestDatabase();
    home = await (await fetch(app.url)).text();
  }, 120_000);
  afterAll(() => app?.stop());

  const get = (path: string) => fetch(new URL(path, app.url));
  const attribute = (pattern: RegExp) => pattern.exec(home)?.[1];

  it("robots.txt keeps crawlers out of signed-in and API routes and names the sitemap on the running origin", async () => {
    const robots = await (await get("/robots.txt")).text();
    expect(robots).toContain(`Sitemap: ${app.url}/sitemap.xml`);
    for (const path of ["/api/", "/account", "/dashboard", "/admin"]) expect(robots).toContain(`Disallow: ${path}`);
  });

  it("the sitemap lists the public pages only, on the running origin, and each answers 200", async () => {
    const sitemap = await (await get("/sitemap.xml")).text();
    const urls = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!);
    expect(urls).toEqual([app.url, ...["/pricing", "/terms", "/privacy", "/refunds"].map((path) => app.url + path)]);
    for (const url of urls) expect((await fetch(url)).status, url).toBe(200);
  });

  it("the manifest names the product, and its icons and the Apple touch icon are PNGs of their declared size", async () => {
    expect(attribute(/<link rel="manifest" href="([^"]+)"/)).toBe("/manifest.webmanifest");
    const manifest = (await (await get("/manifest.webmanifest")).json()) as {
      name: string;
      icons: Array<{ src: string; sizes: string }>;
    };
    expect(manifest.name).toBe(product.name);
    const icons = [
      ...manifest.icons,
      { src: attribute(/<link rel="apple-touch-icon" href="([^"]+)"/)!, sizes: "180x180" },
    ];
    for (const icon of icons) {
      const response = await get(icon.src);
      expect(response.headers.get("content-type"), icon.src).toBe("image/png");
      const { width, height } = pngSize(Buffer.from(await response.arrayBuffer()));
      expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
    }
    expect((await get("/favicon.ico")).headers.get("content-type")).toBe("image/x-icon");
  });

  it("link previews get the product's title and a 1200×630 social image (Open Graph and Twitter)", async () => {
    expect(attribute(/<meta property="og:title" content="([^"]+)"/)).toBe(product.name);
    expect(attribute(/<meta name="twitter:card" content="([^"]+)"/)).toBe("summary_large_image");
    for (const tag of [/<meta property="og:image" content="([^"]+)"/, /<meta name="twitter:image" content="([^"]+)"/]) {
      // Absolute on the build's APP_URL; served by this instance at the same path.
      const image = new URL(attribute(tag)!);
      const response = await get(image.pathname + image.search);
      expect(response.headers.get("content-type")).toBe("image/png");
      expect(pngSize(Buffer.from(await response.arrayBuffer()))).toEqual({ width: 1200, height: 630 });
    }
  });

  it("a signed-in page shared as a link previews as the sign-in page, and carries no card of its own", async () => {
    // A preview fetcher (Slack, X) has no session: it is sent to sign-in and shows that page's card.
    const preview = await get("/dashboard");
    expect(new URL(preview.url).pathname).toBe("/sign-in");
    expect(await preview.text()).toMatch(/<meta property="og:image" content="[^"]+"/);
    // So the signed-in page sends none (nor the tagline), which it would otherwise carry twice on every request.
    const { cookie } = await createSignedInUser(app.databaseUrl);
    const dashboard = await (await fetch(new URL("/dashboard", app.url), { headers: { cookie } })).text();
    expect(dashboard).toContain(`<title>Dashboard · ${product.name}</title>`);
    expect(dashboard).not.toMatch(/<meta (property="og:|name="twitter:|name="description")/);
  });

  it("links the legal pages in the footer; each is a marked template naming the legal entity", async () => {
    const footer = /<footer[\s\S]*<\/footer>/.exec(home)?.[0] ?? "";
    for (const path of ["/terms", "/privacy", "/refunds"]) {
      expect(footer).toContain(`href="${path}"`);
      const page = await (await get(path)).text();
      expect(page).toContain("Template — complete before you launch");
      expect(page).toContain(product.legalEntity);
    }
  });
});

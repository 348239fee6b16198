// Who the product is: its name, what it says about itself, how to reach the
// people behind it. Edit this file when you fork: every page, email, metadata
// tag, the web manifest, the social preview image, the legal pages and
// `npm run stripe:setup` (Stripe product names, Customer Portal headline) read
// it, so renaming the product is a change to this file only
// (tests/product-rename.int.test.ts proves it on a real build).
//
// Public by design: it is rendered into pages, so keep secrets out of it.

/** The product's display name. */
const name = "Tollgate";

export type SocialLink = { label: string; url: string };

export const product = {
  name,
  /** One line under the name: the page description and the social preview. */
  tagline: "Subscriptions with Stripe that stay correct under retries, duplicates and attacks.",
  /** Where customers write for help, billing questions and legal requests. */
  supportEmail: "support@example.com",
  /** The company that sells the product: the party of the terms and the privacy notice. */
  legalEntity: `${name}, Inc.`,
  /** Links shown in the footer, e.g. { label: "GitHub", url: "https://github.com/your-org" }. */
  social: [] as SocialLink[],
  /** The X account, with its @, for the `twitter:site` tag of link previews; null for none. */
  twitterHandle: null as string | null,
  /**
   * Brand colour of the manifest and the social preview image. The icons
   * (app/icon.svg, app/favicon.ico, public/*.png) are drawn in it: redraw them
   * with your logo.
   */
  brandColor: "#3b4fd8",
} as const;

/** The name as a file name prefix, e.g. "Acme Cloud" -> "acme-cloud" (acme-cloud-report.csv). */
export const productSlug: string =
  product.name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "") || "product";

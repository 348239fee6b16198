import type { MetadataRoute } from "next";
import { appUrl } from "@/lib/env";

// Per request, like sitemap.ts: the Sitemap line must be an absolute URL on
// the deployed origin.
export const dynamic = "force-dynamic";

export default function robots(): MetadataRoute.Robots {
  return {
    rules: {
      userAgent: "*",
      allow: "/",
      // Signed-in and machine routes: nothing for a search engine there.
      disallow: ["/api/", "/account", "/admin", "/billing", "/checkout", "/dashboard", "/dev/"],
    },
    sitemap: `${appUrl}/sitemap.xml`,
  };
}

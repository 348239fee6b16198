import type { Metadata } from "next";

/**
 * Metadata of the signed-in area's layouts, (app) and (admin): no tagline and
 * no Open Graph or Twitter card. A link preview (Slack, X, iMessage) fetches
 * a URL without the sharer's session, so proxy.ts sends it to /sign-in and it
 * shows that page's card; nobody reads these pages' own. They cost every
 * signed-in request about 2 KB (sent in the <head> and again in the flight
 * data) and the resolution of the social image's metadata.
 */
export const signedInAreaMetadata: Metadata = { description: null, openGraph: null, twitter: null };

import type { MetadataRoute } from "next";
import { product } from "@/product.config";

/** The web app manifest (/manifest.webmanifest), from the product identity. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: product.name,
    short_name: product.name,
    description: product.tagline,
    start_url: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: product.brandColor,
    icons: [
      { src: "/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}

import { ImageResponse } from "next/og";
import { product } from "@/product.config";

// The social preview (Open Graph; twitter-image.tsx reuses it), drawn from the
// product identity at build time, so a rename changes it too.
export const alt = `${product.name}: ${product.tagline}`;
export const size = { width: 1200, height: 630 };
export const contentType = "image/png";

export default function OpenGraphImage() {
  return new ImageResponse(
    <div
      style={{
        width: "100%",
        height: "100%",
        display: "flex",
        flexDirection: "column",
        justifyContent: "space-between",
        padding: "72px 80px",
        color: "#ffffff",
        backgroundColor: "#0f172a",
        backgroundImage: `radial-gradient(circle at 85% 10%, ${product.brandColor} 0%, rgba(15, 23, 42, 0) 55%)`,
      }}
    >
      <div style={{ display: "flex", alignItems: "center", gap: 28 }}>
        <svg width="112" height="112" viewBox="0 0 32 32">
          <rect width="32" height="32" rx="8" fill={product.brandColor} />
          <path d="M9 11h14M16 11v12M11 23h10" stroke="#ffffff" strokeWidth="2.5" strokeLinecap="round" fill="none" />
        </svg>
        <div style={{ fontSize: 88, letterSpacing: -2 }}>{product.name}</div>
      </div>
      <div style={{ display: "flex", fontSize: 48, lineHeight: 1.25, color: "#e2e8f0", maxWidth: 980 }}>
        {product.tagline}
      </div>
      <div style={{ display: "flex", gap: 20, fontSize: 28, color: "#94a3b8" }}>
        <span>Plans</span>
        <span>·</span>
        <span>Secure checkout</span>
        <span>·</span>
        <span>Self-service billing</span>
      </div>
    </div>,
    size,
  );
}

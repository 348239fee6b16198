import type { Metadata } from "next";
import { NotFoundMessage } from "@/components/not-found-message";

export const metadata: Metadata = { title: "Page not found" };

/**
 * notFound() outside the signed-in area (/dev/mailbox in production, /admin
 * for a non-operator or an unknown user): our 404 text and title in the root
 * layout, where Next.js otherwise shows its own unstyled 404. Next.js sends
 * this boundary in every page's flight data, so it stays this small.
 */
export default function RootNotFound() {
  return <NotFoundMessage />;
}

import { NotFoundMessage } from "@/components/not-found-message";

/**
 * notFound() outside the signed-in area (/dev/mailbox in production): our 404
 * text inside the page's layout. Next.js sends every layout's not-found in the
 * page's flight data; without this file it sends its own unstyled 404 there,
 * twice on each public page and larger than this one.
 */
export default function RootNotFound() {
  return <NotFoundMessage />;
}

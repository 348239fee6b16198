import { NotFoundMessage } from "@/components/not-found-message";

/** notFound() in the signed-in area (an unknown Checkout Session): the 404 text inside the signed-in layout. */
export default function AppNotFound() {
  return <NotFoundMessage />;
}

import { connection } from "next/server";

// The same page rendered for every request, as a signed-in page must be:
// the floor for pages that cannot be prerendered.
export default async function DynamicPage() {
  await connection();
  return (
    <main>
      <h1>Floor, dynamic</h1>
      <p>A bare Next.js page rendered on each request.</p>
    </main>
  );
}

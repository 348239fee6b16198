export default function Page() {
  return (
    <main>
      <h1>Floor</h1>
      <p>A bare Next.js page: what any page of this Next.js version costs.</p>
    </main>
  );
}

"use client";

// Replaces the root layout when it fails, so it brings its own <html> and
// plain styles (the app's CSS may be what failed).
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", display: "grid", placeItems: "center", minHeight: "100vh" }}>
        <main style={{ textAlign: "center" }}>
          <h1>Something went wrong</h1>
          <p>The application could not load. Please try again.</p>
          <button type="button" onClick={reset}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}

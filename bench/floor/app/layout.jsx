// The floor: a bare Next.js app with a static page and a dynamic one, built
// and served by `npm run bench` beside Tollgate so every figure can be read as
// a ratio.
export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}

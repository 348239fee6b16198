// Runs before the first paint so the page never flashes the wrong theme:
// an explicit choice from the toggle wins, otherwise the system preference,
// which is followed live while no choice is stored.
export const THEME_SCRIPT = `(() => {
  const root = document.documentElement;
  const media = window.matchMedia("(prefers-color-scheme: dark)");
  const apply = () => {
    let choice = null;
    try { choice = localStorage.getItem("theme"); } catch {}
    root.dataset.theme = choice === "light" || choice === "dark" ? choice : media.matches ? "dark" : "light";
  };
  apply();
  media.addEventListener("change", apply);
  window.addEventListener("storage", apply);
})();`;

export function ThemeScript() {
  return <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />;
}

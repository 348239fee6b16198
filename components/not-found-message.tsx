import { ButtonLink } from "./ui/button";

/** The 404 text: the site-wide 404 (app/global-not-found.tsx) and notFound() in a page (app/not-found.tsx, app/(app)/not-found.tsx). */
export function NotFoundMessage() {
  return (
    <div className="mx-auto flex max-w-xl flex-1 flex-col items-center px-4 py-24 text-center">
      <p className="text-sm font-semibold text-brand-600 dark:text-brand-400">404</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">Page not found</h1>
      <p className="mt-4 text-slate-600 dark:text-slate-400">
        The page you asked for does not exist, or you do not have access to it.
      </p>
      <ButtonLink href="/" className="mt-8">
        Back to the home page
      </ButtonLink>
    </div>
  );
}

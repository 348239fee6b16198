"use client";

import { ErrorMessage } from "@/components/error-message";
import { MainContent } from "@/components/page-shell";

// A route group's layout failed, so there is no header or <main> around
// this (the skip link targets it). It draws no header of its own: every page
// loads this boundary, and a copy of the site header here was 1.5 KB of
// gzipped JavaScript on each of them. Errors inside a page show within their
// group's layout (its error.tsx).
export default function RootError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <MainContent className="flex flex-1 flex-col">
      <ErrorMessage {...props} />
    </MainContent>
  );
}

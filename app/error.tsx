"use client";

// A route group's layout failed, so there is no header around this. It
// draws none of its own: every page loads this boundary, and a copy of the
// site header here was 1.5 KB of gzipped JavaScript on each of them.
// Errors inside a page show within their group's layout (its error.tsx).
export { ErrorMessage as default } from "@/components/error-message";

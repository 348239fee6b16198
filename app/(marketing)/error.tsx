"use client";

// A page of this group threw: the message inside the group's layout, header included.
export { ErrorMessage as default } from "@/components/error-message";

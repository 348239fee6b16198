// The same social preview for X/Twitter cards (summary_large_image).
export { alt, contentType, default, size } from "./opengraph-image";

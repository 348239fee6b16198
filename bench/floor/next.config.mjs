// The floor app is copied out of the project before it is built (bench/run.ts):
// inside it, Next.js would pick up Tollgate's instrumentation and proxy. Its
// node_modules is a link to the project's, so Turbopack's root is the
// filesystem's, which holds both.
const floorConfig = { poweredByHeader: false, turbopack: { root: "/" } };

export default floorConfig;

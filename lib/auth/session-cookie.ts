// Auth.js's session cookie names. Secure origins use the __Secure- prefix,
// which browsers only accept over https. Kept free of imports so proxy.ts
// can use it without loading the server modules.
export const SESSION_COOKIE = "authjs.session-token";
export const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`;

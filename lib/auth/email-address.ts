// What counts as an email address for signing in, in one place: the sign-in
// form checks it to show a message, and Auth.js applies it to every sign-in
// request, so a direct API post cannot store a token for a malformed or
// oversized address (254 characters is the SMTP limit).
import { z } from "zod";

export const emailAddressSchema = z
  .email({ error: "Enter a valid email address, like name@example.com." })
  .max(254, { error: "An email address has at most 254 characters." });

/**
 * Auth.js's normalizeIdentifier: one canonical form per address (Unicode NFKC,
 * so look-alike characters cannot sneak in a second "@"; lower case), and a
 * thrown error, which Auth.js answers with a redirect to sign-in, otherwise.
 */
export function normalizeEmailAddress(raw: string): string {
  const parsed = emailAddressSchema.safeParse(raw.normalize("NFKC").trim().toLowerCase());
  if (!parsed.success) throw new Error(`Refused sign-in address: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

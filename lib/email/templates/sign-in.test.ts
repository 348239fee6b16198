import { describe, expect, it } from "vitest";
import { renderSignInEmail } from "./sign-in";

const now = new Date("2026-11-23T12:00:00Z");
const url = "https://app.example.com/api/auth/callback/nodemailer?token=abc&email=a%40b.co";

describe("renderSignInEmail", () => {
  const email = renderSignInEmail({ url, expires: new Date(now.getTime() + 60 * 60_000), now });

  it("names the product and the link's lifetime in both parts", () => {
    expect(email.subject).toBe("Sign in to Tollgate");
    expect(email.text).toContain(url);
    expect(email.text).toContain("expires in 60 minutes");
    expect(email.html).toContain("expires in 60 minutes");
  });

  it("escapes the link in HTML and adds no tracking", () => {
    expect(email.html).toContain("token=abc&#38;email=a%40b.co");
    expect(email.html).not.toMatch(/<img|utm_|pixel/i);
  });
});

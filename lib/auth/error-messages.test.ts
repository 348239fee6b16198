import { describe, expect, it } from "vitest";
import { signInErrorMessage } from "./error-messages";

describe("signInErrorMessage", () => {
  it.each([
    "Configuration",
    "AccessDenied",
    "Verification",
    "OAuthSignin",
    "OAuthCallbackError",
    "OAuthCreateAccount",
    "EmailCreateAccount",
    "Callback",
    "OAuthAccountNotLinked",
    "EmailSignin",
    "CredentialsSignin",
    "SessionRequired",
  ])("has a specific message for %s", (code) => {
    const message = signInErrorMessage(code);
    expect(message).toBeDefined();
    expect(message).not.toBe(signInErrorMessage("Default"));
  });

  it("falls back to the generic message without echoing unknown codes", () => {
    expect(signInErrorMessage("<script>alert(1)</script>")).toBe(signInErrorMessage("Default"));
  });

  it("says nothing when there is no error", () => {
    expect(signInErrorMessage(undefined)).toBeUndefined();
  });
});

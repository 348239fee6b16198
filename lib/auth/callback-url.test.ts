import { describe, expect, it } from "vitest";
import { safeCallbackPath, safeCallbackUrl } from "./callback-url";

const origin = "https://app.example.com";

describe("safeCallbackPath", () => {
  it.each([
    ["/account/billing", "/account/billing"],
    ["/dashboard/pro?tab=reports#top", "/dashboard/pro?tab=reports#top"],
    ["https://app.example.com/account", "/account"],
    ["account", "/account"],
  ])("keeps our own path %s", (input, expected) => {
    expect(safeCallbackPath(input, origin)).toBe(expected);
  });

  it.each([
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example",
    "\\\\evil.example",
    "https://app.example.com.evil.example/",
    "http://app.example.com/account",
    "javascript:alert(document.cookie)",
    "data:text/html,hi",
    "",
    undefined,
    ["/account"],
  ])("sends %j to the dashboard instead", (input) => {
    expect(safeCallbackPath(input, origin)).toBe("/dashboard");
  });

  it("builds absolute URLs on our origin only", () => {
    expect(safeCallbackUrl("https://evil.example/", origin)).toBe("https://app.example.com/dashboard");
    expect(safeCallbackUrl("/account", origin)).toBe("https://app.example.com/account");
  });
});

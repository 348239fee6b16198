import { describe, expect, it } from "vitest";
import { encodeForm, parseForm } from "./form-encoding";

describe("form encoding", () => {
  it("decodes nested objects, indexed arrays and [] arrays as the stripe SDK and browsers send them", () => {
    const body =
      "mode=subscription&line_items[0][price]=price_1&line_items[0][quantity]=2&line_items[1][price]=price_2" +
      "&metadata[userId]=u%201&expand[]=customer&expand[]=line_items&lookup_keys%5B0%5D=pro+monthly";
    expect(parseForm(body)).toEqual({
      mode: "subscription",
      line_items: [{ price: "price_1", quantity: "2" }, { price: "price_2" }],
      metadata: { userId: "u 1" },
      expand: ["customer", "line_items"],
      lookup_keys: ["pro monthly"],
    });
  });

  it("keeps empty values, which unset fields", () => {
    expect(parseForm("metadata[plan]=&description=")).toEqual({ metadata: { plan: "" }, description: "" });
  });

  it("rejects a key used both as a value and as an object", () => {
    expect(() => parseForm("a=1&a[b]=2")).toThrow(/Invalid parameter/);
  });

  it("round-trips what it encodes", () => {
    const data = { items: [{ id: "si_1", price: "price_2" }], metadata: { a: "x y" }, cancel_at_period_end: true };
    expect(parseForm(encodeForm(data))).toEqual({
      items: [{ id: "si_1", price: "price_2" }],
      metadata: { a: "x y" },
      cancel_at_period_end: "true",
    });
  });
});

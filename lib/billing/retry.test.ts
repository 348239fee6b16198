import { describe, expect, it } from "vitest";
import { MAX_ATTEMPTS, retryDelaySeconds } from "./retry";

const DAY = 24 * 60 * 60;
const gaps = (random: () => number) =>
  Array.from({ length: MAX_ATTEMPTS - 1 }, (_, index) => retryDelaySeconds(index + 1, random));
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe("retryDelaySeconds", () => {
  it("doubles from about 10 seconds and stops growing at 6 hours", () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4].map((attempt) => retryDelaySeconds(attempt, middle))).toEqual([10, 20, 40, 80]);
    expect(retryDelaySeconds(12, middle)).toBe(20_480);
    expect(retryDelaySeconds(13, middle)).toBe(6 * 60 * 60);
    expect(retryDelaySeconds(40, middle)).toBe(6 * 60 * 60);
  });

  it("spreads retries of events that failed together by a quarter either way", () => {
    expect(retryDelaySeconds(3, () => 0)).toBe(30);
    expect(retryDelaySeconds(3, () => 0.999999)).toBeCloseTo(50, 3);
    const delays = new Set(Array.from({ length: 20 }, () => retryDelaySeconds(5)));
    expect(delays.size).toBeGreaterThan(1);
  });

  it("gives up after about Stripe's own 3 days of retries", () => {
    expect(sum(gaps(() => 0.5)) / DAY).toBeCloseTo(2.97, 1);
    expect(sum(gaps(() => 0)) / DAY).toBeGreaterThan(2);
    expect(sum(gaps(() => 0.999999)) / DAY).toBeLessThan(4);
  });
});

import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/core/duration.js";

describe("formatDuration", () => {
  it("gives milliseconds, tenths of a second under 10 s, then the two largest units", () => {
    expect(formatDuration(0)).toBe("0ms");
    expect(formatDuration(14.4)).toBe("14ms");
    expect(formatDuration(999)).toBe("999ms");
    expect(formatDuration(1000)).toBe("1s");
    expect(formatDuration(2500)).toBe("2.5s");
    expect(formatDuration(9949)).toBe("9.9s");
    expect(formatDuration(9950)).toBe("10s");
    expect(formatDuration(95_000)).toBe("1m 35s");
    expect(formatDuration(6 * 3_600_000 + 3 * 60_000 + 20_000)).toBe("6h 3m");
    expect(formatDuration(-1500)).toBe("-1.5s");
  });
});

describe("parseDuration", () => {
  it("reads numbers in the default unit and suffixed durations", () => {
    expect(parseDuration("2500", "ms")).toBe(2500);
    expect(parseDuration("30", "s")).toBe(30_000);
    expect(parseDuration("5m", "s")).toBe(300_000);
    expect(parseDuration("250ms", "s")).toBe(250);
    expect(parseDuration("1h", "s")).toBe(3_600_000);
    expect(parseDuration("soon", "s")).toBeUndefined();
  });
});

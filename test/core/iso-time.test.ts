import { describe, expect, it } from "vitest";
import { isoTime, utcMs } from "../../src/core/iso-time.js";

describe("isoTime", () => {
  it("writes known instants exactly as ISO 8601 UTC with milliseconds", () => {
    expect(isoTime(0)).toBe("1970-01-01T00:00:00.000Z");
    expect(isoTime(1)).toBe("1970-01-01T00:00:00.001Z");
    expect(isoTime(1_569_605_735_000)).toBe("2019-09-27T17:35:35.000Z");
    expect(isoTime(1_719_597_133_042)).toBe("2024-06-28T17:52:13.042Z");
    expect(isoTime(951_782_400_000)).toBe("2000-02-29T00:00:00.000Z"); // leap day of a century leap year
    expect(isoTime(4_107_542_400_000)).toBe("2100-03-01T00:00:00.000Z"); // 2100 is not a leap year
    expect(isoTime(1_798_761_599_999)).toBe("2026-12-31T23:59:59.999Z");
    expect(isoTime(253_402_300_799_999)).toBe("9999-12-31T23:59:59.999Z");
  });

  it("gives Date's own text outside years 1970–9999 and for fractional times", () => {
    expect(isoTime(-1)).toBe("1969-12-31T23:59:59.999Z");
    expect(isoTime(253_402_300_800_000)).toBe("+010000-01-01T00:00:00.000Z");
    expect(isoTime(1.9)).toBe("1970-01-01T00:00:00.001Z");
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });

  it("agrees with Date#toISOString on every day of four centuries and on every millisecond field", () => {
    const mismatches: number[] = [];
    const day = 86_400_000;
    // Every day from 1970 to 2370 (leap rules of 2000, 2100, 2400 included), at a time of day that
    // moves through hours, minutes, seconds and milliseconds.
    for (let d = 0; d < 146_097; d++) {
      const ms = d * day + ((d * 7_919_993) % day);
      if (isoTime(ms) !== new Date(ms).toISOString()) mismatches.push(ms);
    }
    for (let ms = 1_700_000_000_000; ms < 1_700_000_000_000 + 2_000; ms++) {
      if (isoTime(ms) !== new Date(ms).toISOString()) mismatches.push(ms);
    }
    expect(mismatches).toEqual([]);
  });
});

describe("utcMs", () => {
  it("gives Date.UTC's time for dates and times, leap days and fields that carry over", () => {
    expect(utcMs(1970, 1, 1, 0, 0, 0, 0)).toBe(0);
    expect(utcMs(2019, 9, 27, 17, 35, 35, 0)).toBe(1_569_605_735_000);
    expect(utcMs(2024, 2, 29, 12, 0, 0, 500)).toBe(Date.UTC(2024, 1, 29, 12, 0, 0, 500));
    expect(utcMs(2023, 2, 31, 0, 0, 0, 0)).toBe(Date.UTC(2023, 1, 31)); // 3 March
    expect(utcMs(2026, 12, 31, 23, 59, 60, 0)).toBe(Date.UTC(2027, 0, 1)); // a leap second carries over
    expect(utcMs(1969, 12, 31, 23, 59, 59, 999)).toBe(-1);
    for (let y = 1600; y <= 2500; y += 7) for (let m = 1; m <= 12; m++) expect(utcMs(y, m, 28, 13, 4, 5, 6)).toBe(Date.UTC(y, m - 1, 28, 13, 4, 5, 6));
  });

  it("reads years 0–99 as those years, where Date.UTC reads 1900–1999", () => {
    expect(utcMs(50, 1, 1, 0, 0, 0, 0)).toBe(new Date("0050-01-01T00:00:00Z").getTime());
  });
});

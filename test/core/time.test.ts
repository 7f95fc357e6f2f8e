/**
 * Known answers for the one time module: fixed inputs, fixed outputs. The reader (parseTime,
 * isoToMs) and the shifter (shiftIso, timeLike) share one parser, so they must agree with each other;
 * where Date can say, they agree with Date too.
 */
import { describe, expect, it } from "vitest";
import { isoFormatter, isoTime, isoToMs, parseTime, shiftIso, shiftTimes, timeLike, utcMs } from "../../src/core/time.js";

const SEC = 1000;
const HOUR = 3_600_000;
const YEAR_50 = -60_589_296_000_000; // 0050-01-01T00:00:00Z

describe("parseTime", () => {
  it.each([
    ["2019-09-27T13:35:35Z", Date.UTC(2019, 8, 27, 13, 35, 35)],
    ["2019-09-27T13:35:35-04:00", Date.UTC(2019, 8, 27, 17, 35, 35)],
    ["2019-09-27T13:35:35-0400", Date.UTC(2019, 8, 27, 17, 35, 35)],
    ["2019-09-27T13:35:35-04", Date.UTC(2019, 8, 27, 17, 35, 35)],
    ["2019-09-27T13:35:35+05:30", Date.UTC(2019, 8, 27, 8, 5, 35)],
    ["2024-06-28T17:52:13.000000+0000", Date.UTC(2024, 5, 28, 17, 52, 13)],
    ["2024-06-28T17:52:13.123456+0000", Date.UTC(2024, 5, 28, 17, 52, 13, 123)],
    ["2024-06-28T17:52:13.123999+0000", Date.UTC(2024, 5, 28, 17, 52, 13, 123)], // truncated, as Date.parse does
    ["2019-09-27T20:29:15.25Z", Date.UTC(2019, 8, 27, 20, 29, 15, 250)],
    ["2019-09-27T20:29:15,5Z", Date.UTC(2019, 8, 27, 20, 29, 15, 500)],
    ["2019-09-27t20:29:15z", Date.UTC(2019, 8, 27, 20, 29, 15)],
    ["2019-12-10 15:00:01", Date.UTC(2019, 11, 10, 15, 0, 1)],
    ["2019-12-10T15:00", Date.UTC(2019, 11, 10, 15, 0)],
    ["2019-12-10T15:00:01 +01:00", Date.UTC(2019, 11, 10, 14, 0, 1)],
    ["  2019-12-10T15:00:01Z\n", Date.UTC(2019, 11, 10, 15, 0, 1)],
    ["2026-12-31T23:59:60Z", Date.UTC(2027, 0, 1)], // a leap second carries over
    ["0050-01-01T00:00:00Z", YEAR_50],
    ["0050-01-01T00:00Z", YEAR_50],
    ["0050-01-01 00:00:00", YEAR_50],
    ["0049-12-31T20:00:00-04:00", YEAR_50],
  ])("%j → %d", (text, ms) => {
    expect(parseTime(text)).toBe(ms);
  });

  it("reads Unix milliseconds, and seconds when the number is too small to be milliseconds", () => {
    expect(parseTime(1697253089123)).toBe(1697253089123);
    expect(parseTime(1699877427)).toBe(1699877427000);
    expect(parseTime(1699877427.5)).toBe(1699877427500);
  });

  it("gives undefined for anything that is not a time", () => {
    for (const bad of ["", "yesterday", "2019-12-10", "2019-13-01T00:00:00Z", "2019-02-30T25:00:00Z", "2019-09-27T13:60:00Z", "2019-09-27T13:35:35+04:00trailing", "2019-09-27T13:35:35+4:00", "2019-09-27T13:35:35.Z", "2019-09-27X13:35:35Z", null, undefined, {}, -5, 0, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(parseTime(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });
});

describe("isoToMs (the form providers send, which shiftIso rewrites)", () => {
  it("reads Z, ±HH:MM and ±HHMM with up to nine fraction digits", () => {
    expect(isoToMs("2024-06-28T17:52:13.000000+0000")).toBe(Date.parse("2024-06-28T17:52:13Z"));
    expect(isoToMs("2019-09-27T13:10:14-04:00")).toBe(Date.parse("2019-09-27T17:10:14Z"));
    expect(isoToMs("2019-09-27T13:10:14.123456789Z")).toBe(Date.parse("2019-09-27T13:10:14.123Z"));
    expect(isoToMs("0050-01-01T00:00:00Z")).toBe(YEAR_50);
  });

  it("does not read the looser forms that parseTime reads", () => {
    for (const loose of ["2019-12-10 15:00:01Z", "2019-12-10T15:00Z", "2019-12-10T15:00:01", "2019-12-10T15:00:01-04", "2019-12-10T15:00:01 Z", " 2019-12-10T15:00:01Z", "2019-12-10t15:00:01Z", "2019-12-10T15:00:01z", "2019-12-10T15:00:01,5Z", "2019-12-10T15:00:01.1234567890Z"]) {
      expect(isoToMs(loose), loose).toBeUndefined();
      expect(parseTime(loose), loose).toBeTypeOf("number");
    }
  });

  it("agrees with parseTime wherever it reads", () => {
    for (const t of ["2024-06-28T17:52:13.123456+0000", "2019-09-27T13:10:14-04:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2000-02-29T12:00:00+14:00"]) {
      expect(isoToMs(t), t).toBe(parseTime(t));
    }
  });
});

describe("shiftIso", () => {
  it.each([
    ["2019-09-27T16:31:47.000Z", HOUR, "2019-09-27T17:31:47.000Z"],
    ["2019-09-27T23:59:59Z", SEC, "2019-09-28T00:00:00Z"],
    ["2019-09-27T13:10:14-04:00", 24 * HOUR + SEC, "2019-09-28T13:10:15-04:00"],
    ["2019-09-27T23:30:00-04:00", HOUR, "2019-09-28T00:30:00-04:00"], // the local date moves, the offset stays
    ["2019-09-27T13:10:14-0400", -14 * HOUR, "2019-09-26T23:10:14-0400"],
    ["2019-09-27T13:10:14+05:30", 30 * 60_000, "2019-09-27T13:40:14+05:30"],
    ["2024-06-28T17:52:13.000000+0000", 90_000, "2024-06-28T17:53:43.000000+0000"],
    ["2024-06-28T17:52:13.123456+0000", 1_001, "2024-06-28T17:52:14.124456+0000"], // digits past the ms kept
    ["2024-06-28T17:52:13.5Z", 600, "2024-06-28T17:52:14.1Z"],
    ["2024-06-28T17:52:13Z", 1_999, "2024-06-28T17:52:14Z"], // below the format's precision: dropped
    ["2024-02-28T12:00:00Z", 24 * HOUR, "2024-02-29T12:00:00Z"],
    ["2100-02-28T12:00:00Z", 24 * HOUR, "2100-03-01T12:00:00Z"],
    ["0099-12-31T23:59:59Z", SEC, "0100-01-01T00:00:00Z"],
    ["0050-01-01T00:00:00Z", HOUR, "0050-01-01T01:00:00Z"],
    ["0005-06-01T00:00:00-04:00", -HOUR, "0005-05-31T23:00:00-04:00"],
    ["2019-09-27T13:10:14-04:00", 0, "2019-09-27T13:10:14-04:00"],
  ])("%s moved by %d ms → %s", (text, delta, shifted) => {
    expect(shiftIso(text, delta)).toBe(shifted);
  });

  it("reads back exactly shifted", () => {
    for (const t of ["2024-06-28T17:52:13.123456+0000", "2019-09-27T13:10:14.250-04:00", "0050-01-01T00:00:00.000Z"]) {
      for (const d of [1, 999, 86_400_001, -3_600_123]) expect(isoToMs(shiftIso(t, d)!), `${t} + ${d}`).toBe(isoToMs(t)! + d);
    }
  });

  it("leaves other strings alone", () => {
    for (const other of ["2019-12-10", "Van 7", "2019-12-10 15:00:01Z", "2019-12-10T15:00:01", "2019-13-45T99:99:99Z"]) expect(shiftIso(other, HOUR), other).toBeUndefined();
  });
});

describe("timeLike", () => {
  it("writes a time in the zone and the fraction digits of another", () => {
    const at = Date.UTC(2026, 10, 26, 9, 0, 0, 42);
    expect(timeLike("2019-09-27T13:35:35-04:00", at)).toBe("2026-11-26T05:00:00-04:00");
    expect(timeLike("2024-06-28T17:52:13.000000+0000", at)).toBe("2026-11-26T09:00:00.042000+0000");
    expect(timeLike("2019-09-27T16:31:47.000Z", at)).toBe("2026-11-26T09:00:00.042Z");
    expect(timeLike("not a time", at)).toBe("not a time");
  });
});

describe("shiftTimes", () => {
  it("moves every timestamp of a payload by the same amount, in its own format", () => {
    const p = { a: "2019-09-27T13:10:14-04:00", b: ["2024-06-28T17:52:13.000000+0000", 5, null], c: { d: "2019-09-27T16:31:47.000Z", e: "2019-12-10" } };
    expect(shiftTimes(p, HOUR)).toEqual({ a: "2019-09-27T14:10:14-04:00", b: ["2024-06-28T18:52:13.000000+0000", 5, null], c: { d: "2019-09-27T17:31:47.000Z", e: "2019-12-10" } });
  });
});

describe("isoTime and isoFormatter", () => {
  it("write toISOString's text", () => {
    expect(isoTime(0)).toBe("1970-01-01T00:00:00.000Z");
    expect(isoTime(1_569_605_735_000)).toBe("2019-09-27T17:35:35.000Z");
    const f = isoFormatter();
    expect(f(1_719_597_133_042)).toBe("2024-06-28T17:52:13.042Z");
    expect(f(1_719_597_133_043)).toBe("2024-06-28T17:52:13.043Z");
    expect(f(1_719_597_134_000)).toBe("2024-06-28T17:52:14.000Z");
  });

  it("round-trip with parseTime on every day of a leap cycle", () => {
    for (let d = 0; d < 1461; d++) {
      const ms = utcMs(2023, 1, 1 + d, 7, 8, 9, 10);
      expect(parseTime(isoTime(ms))).toBe(ms);
    }
  });
});

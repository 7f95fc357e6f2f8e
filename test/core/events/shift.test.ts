import { describe, expect, it } from "vitest";
import { isoToMs, shiftIso, shiftTimes } from "../../../src/core/events/shift.js";

const HOUR = 3_600_000;

describe("shiftIso", () => {
  it("keeps Z and the fraction digits", () => {
    expect(shiftIso("2019-09-27T16:31:47.000Z", HOUR)).toBe("2019-09-27T17:31:47.000Z");
    expect(shiftIso("2019-09-27T23:59:59Z", 1000)).toBe("2019-09-28T00:00:00Z");
  });

  it("keeps a local offset (Zubie) and the Events Push six-digit format", () => {
    expect(shiftIso("2019-09-27T13:10:14-04:00", 24 * HOUR + 1000)).toBe("2019-09-28T13:10:15-04:00");
    expect(shiftIso("2024-06-28T17:52:13.000000+0000", 90_000)).toBe("2024-06-28T17:53:43.000000+0000");
  });

  it("leaves other strings alone", () => {
    expect(shiftIso("2019-12-10", HOUR)).toBeUndefined();
    expect(shiftIso("Van 7", HOUR)).toBeUndefined();
  });
});

describe("shiftTimes", () => {
  it("moves every timestamp of a payload by the same amount, keeping their spacing", () => {
    const p = { created_at: "2019-09-27T16:31:47.000Z", trip: { started_at: "2019-09-27T16:02:11.000Z", ended_at: "2019-09-27T16:31:40.000Z", distance_m: 11843.6 }, tags: ["2019-09-27T16:00:00Z", "x"] };
    const q = shiftTimes(p, 2 * HOUR);
    expect(q).toEqual({ created_at: "2019-09-27T18:31:47.000Z", trip: { started_at: "2019-09-27T18:02:11.000Z", ended_at: "2019-09-27T18:31:40.000Z", distance_m: 11843.6 }, tags: ["2019-09-27T18:00:00Z", "x"] });
    expect(p.created_at).toBe("2019-09-27T16:31:47.000Z"); // the original is untouched
  });

  it("keeps a field named __proto__ as a field of the copy", () => {
    const p = JSON.parse('{"__proto__":{"at":"2019-09-27T16:00:00Z"},"n":1}') as Record<string, unknown>;
    const q = shiftTimes(p, HOUR);
    expect(Object.getPrototypeOf(q)).toBe(Object.prototype);
    expect(JSON.stringify(q)).toBe('{"__proto__":{"at":"2019-09-27T17:00:00Z"},"n":1}');
  });

  it("reads offsets with and without a colon", () => {
    expect(isoToMs("2024-06-28T17:52:13.000000+0000")).toBe(Date.parse("2024-06-28T17:52:13Z"));
    expect(isoToMs("2019-09-27T13:10:14-04:00")).toBe(Date.parse("2019-09-27T17:10:14Z"));
  });
});

import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/core/errors.js";
import { parseAssignment, parsePath, setPath, unsetPath } from "../../../src/core/send/edit.js";

const set = (root: unknown, text: string) => {
  const { path, value } = parseAssignment(text);
  setPath(root, path, value);
  return root;
};

describe("--set and --unset", () => {
  it("parses dotted paths with array indexes", () => {
    expect(parsePath("trip.distance")).toEqual(["trip", "distance"]);
    expect(parsePath("dtcs[0].code")).toEqual(["dtcs", 0, "code"]);
    expect(() => parsePath("a..b[x]")).toThrow(UsageError);
  });

  it("sets JSON values and plain strings, creating objects and arrays on the way", () => {
    const p = { trip: { distance: 1 } };
    set(p, "trip.distance=12.5");
    set(p, "car.nickname=Van 7");
    set(p, "dtcs[0].code=P0420");
    expect(p).toEqual({ trip: { distance: 12.5 }, car: { nickname: "Van 7" }, dtcs: [{ code: "P0420" }] });
  });

  it("treats __proto__ and constructor as field names, and never touches Object.prototype", () => {
    const p = JSON.parse('{"event":"trip_end"}') as Record<string, unknown>;
    set(p, "__proto__.polluted=1");
    set(p, "constructor.prototype.polluted=2");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
    expect(JSON.stringify(p)).toBe('{"event":"trip_end","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}}}');
    // A payload that has such a field (JSON.parse makes it an own field) is edited in place.
    const q = JSON.parse('{"__proto__":{"a":1}}') as Record<string, unknown>;
    set(q, "__proto__.b=2");
    unsetPath(q, ["__proto__", "a"]);
    expect(JSON.stringify(q)).toBe('{"__proto__":{"b":2}}');
    expect(() => unsetPath({}, ["constructor", "name"])).toThrow(/the payload has no such field/);
  });

  it("refuses a field of an array, an index into an object, and a missing field to unset", () => {
    expect(() => set({ a: [1] }, "a.b=1")).toThrow(/b names a field of an array/);
    expect(() => set({ a: {} }, "a[0]=1")).toThrow(/\[0\] indexes a value that is not an array/);
    expect(() => unsetPath({ a: 1 }, ["b"])).toThrow(/--unset b: the payload has no such field/);
    const arr = { a: [1, 2, 3] };
    unsetPath(arr, ["a", 1]);
    expect(arr).toEqual({ a: [1, 3] });
  });
});

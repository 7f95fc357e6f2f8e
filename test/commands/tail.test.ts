import { describe, expect, it } from "vitest";
import { RecentKeys } from "../../src/commands/tail.js";

describe("RecentKeys", () => {
  it("returns the first value stored for a key it still remembers", () => {
    const r = new RecentKeys(3);
    expect(r.seen("a", "t1")).toBeUndefined();
    expect(r.seen("b", "t2")).toBeUndefined();
    expect(r.seen("a", "t3")).toBe("t1");
  });

  it("forgets the oldest keys beyond its capacity", () => {
    const r = new RecentKeys(2);
    r.seen("a", "1");
    r.seen("b", "2");
    r.seen("c", "3"); // evicts a
    expect(r.seen("a", "4")).toBeUndefined(); // evicts b
    expect(r.seen("c", "5")).toBe("3");
    expect(r.seen("b", "6")).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { RecentDeliveries } from "../../../src/core/webhook/recent.js";

describe("RecentDeliveries", () => {
  it("remembers the first receipt time of a key", () => {
    const r = new RecentDeliveries(10);
    expect(r.get("a")).toBeUndefined();
    r.remember("a", "t1");
    r.remember("a", "t2");
    expect(r.get("a")).toBe("t1");
  });

  it("forgets the oldest key beyond its capacity, so memory stays bounded", () => {
    const r = new RecentDeliveries(3);
    r.remember("a", "1");
    r.remember("b", "2");
    r.remember("c", "3");
    r.remember("a", "again"); // known: nothing changes
    r.remember("d", "4"); // evicts a, the oldest
    expect(r.get("a")).toBeUndefined();
    expect([r.get("b"), r.get("c"), r.get("d")]).toEqual(["2", "3", "4"]);
    expect(r.size).toBe(3);
    for (let i = 0; i < 1000; i++) r.remember(`k${i}`, "x");
    expect(r.size).toBe(3);
    expect([r.get("k997"), r.get("k998"), r.get("k999"), r.get("k996")]).toEqual(["x", "x", "x", undefined]);
  });

  it("seen() answers the first time of a known key, or remembers a new one and answers undefined", () => {
    const r = new RecentDeliveries(2);
    expect(r.seen("a", "1")).toBeUndefined();
    expect(r.seen("a", "2")).toBe("1");
    expect(r.seen("b", "3")).toBeUndefined();
    expect(r.seen("c", "4")).toBeUndefined(); // evicts a
    expect(r.seen("a", "5")).toBeUndefined();
    expect([r.get("c"), r.get("a"), r.size]).toEqual(["4", "5", 2]);
  });

  it("forget() drops a delivery remembered at that time, and evicting its old slot later keeps a newer entry", () => {
    const r = new RecentDeliveries(3);
    r.remember("a", "t1");
    r.forget("a", "other time"); // not the time it was remembered at: kept
    expect(r.get("a")).toBe("t1");
    r.forget("a", "t1");
    expect(r.get("a")).toBeUndefined();
    r.remember("a", "t2"); // the retry, remembered again
    r.remember("b", "t3");
    r.remember("c", "t4"); // evicts the slot of "a"@t1, which must not drop "a"@t2
    expect(r.get("a")).toBe("t2");
    r.remember("d", "t5"); // evicts "a"@t2
    expect(r.get("a")).toBeUndefined();
    expect([r.get("b"), r.get("c"), r.get("d")]).toEqual(["t3", "t4", "t5"]);
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => new RecentDeliveries(0)).toThrow(RangeError);
    expect(() => new RecentDeliveries(1.5)).toThrow(RangeError);
  });
});

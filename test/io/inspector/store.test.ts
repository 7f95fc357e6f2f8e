import { describe, expect, it } from "vitest";
import { InspectorStore, matcher, summarize } from "../../../src/io/inspector/store.js";
import { fixture, webhookRecord } from "./helpers.js";

describe("InspectorStore", () => {
  it("keeps the last N entries with increasing ids, evicting the oldest", () => {
    const store = new InspectorStore(3);
    const ids = Array.from({ length: 5 }, () => store.add(webhookRecord("zubie/trip_end")).id);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    expect(store.size).toBe(3);
    expect(store.get(2)).toBeUndefined();
    expect(store.get(3)?.id).toBe(3);
    expect(store.get(6)).toBeUndefined();
    expect([...store.newest()].map((e) => e.id)).toEqual([5, 4, 3]);
    expect([...store.newest(5)].map((e) => e.id)).toEqual([4, 3]);
    expect([...store.oldest(3)].map((e) => e.id)).toEqual([4, 5]);
    expect([...store.oldest(0)].map((e) => e.id)).toEqual([3, 4, 5]);
  });

  it("tells subscribers about each new entry until they unsubscribe", () => {
    const store = new InspectorStore();
    const seen: number[] = [];
    const off = store.subscribe((e) => seen.push(e.id));
    store.add(webhookRecord("zubie/trip_end"));
    off();
    store.add(webhookRecord("zubie/trip_end"));
    expect(seen).toEqual([1]);
  });

  it("derives the facts line, flags and positions from the record and its body", () => {
    const store = new InspectorStore();
    const e = store.add(webhookRecord("automatic/trip_finished", { duplicate_of: "2026-01-01T00:00:00.000Z", late_by_ms: 60_000, validation: { valid: false, errors: ["$.trip.distance_m: expected number"], warnings: [] }, forward: { url: "http://x/", latency_ms: 1, status: 200 } }));
    expect(e.row).toMatchObject({ provider: "automatic", event: "trip:finished", verdict: "unsigned", flags: { duplicate: true, late: true, schema_errors: 1, forwarded: true, error: false } });
    expect(e.row.who).toContain("vehicle C_3f9d1b7a2c5e8d40");
    expect(e.row.summary).toContain("11.8 km");
    expect(e.row.positions.map((p) => p.role)).toEqual(["at", "start", "end"]);
  });

  it("reads a feed record's JSON body and a body that is not UTF-8", () => {
    const store = new InspectorStore();
    const payload = JSON.parse(fixture("uber/driver_online")) as unknown;
    const feed = store.add({ v: 1, source: "feed", received_at: "2026-01-01T00:00:00.000Z", body: payload, body_encoding: "json" }, { bodyText: fixture("uber/driver_online").replace(/\s+/g, "") });
    expect(feed.row).toMatchObject({ provider: "uber", event: "REALTIME_DRIVER_STATUS_CHANGE", source: "feed" });
    expect(feed.text).not.toContain("\n");
    const bin = store.add({ v: 1, source: "webhook", received_at: "2026-01-01T00:00:00.000Z", body: Buffer.from([0xff, 0xfe, 0x00]).toString("base64"), body_encoding: "base64", status: 400, error: "not UTF-8" });
    expect(bin.text).toBeUndefined();
    expect(bin.row.flags.error).toBe(true);
  });

  it("refuses a history below 1", () => {
    expect(() => new InspectorStore(0)).toThrow(/at least 1/);
  });
});

describe("matcher", () => {
  const store = new InspectorStore();
  store.add(webhookRecord("zubie/trip_end"));
  store.add(webhookRecord("zubie/vehicle_location_update", { status: 401, verification: { verdict: "invalid", message: "no" } }));
  store.add(webhookRecord("uber/driver_online", { verification: undefined, status: undefined }));
  const ids = (f: Parameters<typeof matcher>[0]) => [...store.oldest()].filter(matcher(f)).map((e) => e.id);

  it("combines provider, event patterns, verdict, status and text", () => {
    expect(ids({})).toEqual([1, 2, 3]);
    expect(ids({ provider: "ZUBIE" })).toEqual([1, 2]);
    expect(ids({ event: "trip_*,vehicle_*" })).toEqual([1, 2]);
    expect(ids({ event: "!vehicle_*" })).toEqual([1, 3]);
    expect(ids({ verdict: "invalid,none" })).toEqual([2, 3]);
    expect(ids({ status: "2xx" })).toEqual([1]);
    expect(ids({ status: "401,none" })).toEqual([2, 3]);
    expect(ids({ q: "ho787189" })).toEqual([1, 2]);
    expect(ids({ q: "a.b(" })).toEqual([]); // text, not a regular expression
    expect(ids({ provider: "zubie", status: "4xx", q: "5FNRL" })).toEqual([2]);
  });
});

describe("summarize", () => {
  it("counts per event type, verdicts, duplicates, late, and the handling percentiles", () => {
    const store = new InspectorStore();
    for (let i = 1; i <= 100; i++) store.add(webhookRecord(i % 2 ? "zubie/trip_end" : "zubie/trip_start", { handling_ms: i, ...(i <= 3 && { duplicate_of: "x" }), ...(i === 4 && { late_by_ms: 1 }) }));
    store.add(webhookRecord("uber/driver_online", { status: 401, verification: { verdict: "invalid", message: "no" }, handling_ms: undefined }));
    const s = summarize(store.oldest());
    expect(s).toMatchObject({ total: 101, verified: 100, failed: 1, refused: 1, duplicates: 3, late: 1, p50: 50, p99: 99 });
    expect(s.types).toEqual([{ event: "trip_end", count: 50 }, { event: "trip_start", count: 50 }, { event: "REALTIME_DRIVER_STATUS_CHANGE", count: 1 }]);
    expect(summarize([])).toEqual({ total: 0, types: [], verified: 0, failed: 0, refused: 0, duplicates: 0, late: 0 });
  });
});

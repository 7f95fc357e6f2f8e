/**
 * Scenarios run at a speed: every time in them shrinks alike, so that the events agree with each
 * other and with when `send --pace Nx` sends them. Built from the bundled fixtures, with a fixed
 * start and a seeded random source.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { parseTime } from "../../../src/core/events/facts.js";
import { SCENARIOS, type ScenarioStep } from "../../../src/core/scenarios/index.js";
import { loadFixture } from "../../../src/io/fixtures.js";

const START = Date.UTC(2026, 10, 26, 9, 0, 0); // 2026-11-26T09:00:00Z
const seeded = () => {
  let x = 42;
  return () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
};

const templates: Record<string, unknown> = {};
beforeAll(async () => {
  for (const s of SCENARIOS) for (const id of s.fixtures) templates[id] ??= (await loadFixture(id)).payload;
});

const build = (name: string, speed: number): ScenarioStep[] => SCENARIOS.find((s) => s.name === name)!.build(templates, { start: START, random: seeded(), speed });
type Obj = Record<string, any>;
const t = (v: unknown) => parseTime(v)!;

describe.each([1, 10, 60])("scenarios at speed %d", (speed) => {
  it("send each event after 1/speed of its real gap", () => {
    for (const s of SCENARIOS) {
      const real = build(s.name, 1).map((x) => x.atMs);
      expect(build(s.name, speed).map((x) => x.atMs)).toEqual(real.map((ms) => ms / speed));
    }
  });

  it("zubie-trip: each event's time is its sending time; the trip starts at trip_start and ends at trip_end", () => {
    const steps = build("zubie-trip", speed);
    for (const s of steps) expect(Math.abs(t(s.payload.timestamp) - (START + s.atMs))).toBeLessThan(1000); // times in whole seconds
    const first = steps[0]!.payload as Obj;
    const end = steps.at(-1)!.payload as Obj;
    expect(steps.at(-1)!.event).toBe("trip_end");
    expect(end.trip.started_timestamp).toBe(first.timestamp);
    expect(end.trip.ended_timestamp).toBe(end.timestamp);
    expect(t(end.trip.ended_timestamp) - t(end.trip.started_timestamp)).toBe(Math.round((20 * 60_000) / speed / 1000) * 1000);
  });

  it("uber-shift: event_time is the sending time and the webhook is stamped after it", () => {
    for (const s of build("uber-shift", speed)) {
      const p = s.payload as Obj;
      expect(p.event_time).toBe(Math.round(START + s.atMs));
      expect(p.webhook_meta.webhook_msg_timestamp * 1000).toBeGreaterThan(p.event_time);
    }
  });

  it("events-push-run: Server_Time is the push, Device_Time 20 s before it", () => {
    for (const s of build("events-push-run", speed)) {
      const p = s.payload as Obj;
      expect(Math.abs(t(p.Server_Time) - (START + s.atMs))).toBeLessThan(1000);
      expect(t(p.Server_Time) - t(p.Device_Time)).toBe(20_000);
    }
  });

  it("automatic-drive: created_at is the sending time; the finished trip spans from ignition:on, ends before it is reported, and its duration agrees", () => {
    const steps = build("automatic-drive", speed);
    for (const s of steps) expect(t((s.payload as Obj).created_at)).toBe(Math.round(START + s.atMs));
    const on = steps[0]!.payload as Obj;
    const finished = steps.find((s) => s.event === "trip:finished")!;
    const trip = (finished.payload as Obj).trip;
    expect(trip.started_at).toBe(new Date(t(on.created_at)).toISOString());
    expect(t(trip.ended_at)).toBeLessThan(t((finished.payload as Obj).created_at));
    expect(trip.duration_s).toBe(Math.round((t(trip.ended_at) - t(trip.started_at)) / 1000));
    expect(trip.duration_s).toBe(Math.round((29 * 60 + 30 - 7) / speed));
  });
});

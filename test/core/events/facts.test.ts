import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eventFacts, eventIdentity, parseTime, clip } from "../../../src/core/events/facts.js";
import { detectEvent } from "../../../src/core/schemas/index.js";

const FIXTURES = join(__dirname, "../../../fixtures");
const fixture = (id: string): unknown => JSON.parse(readFileSync(join(FIXTURES, `${id}.json`), "utf8"));
const factsOf = (id: string) => {
  const payload = fixture(id);
  return eventFacts(detectEvent(payload), payload);
};

describe("parseTime", () => {
  it("reads ISO 8601 with an offset, with Z, and Events Push's six-digit +0000 form", () => {
    expect(parseTime("2019-09-27T13:35:35-04:00")).toBe(Date.UTC(2019, 8, 27, 17, 35, 35));
    expect(parseTime("2019-09-27T13:35:35+05:30")).toBe(Date.UTC(2019, 8, 27, 8, 5, 35));
    expect(parseTime("2019-09-27T20:29:15.250Z")).toBe(Date.UTC(2019, 8, 27, 20, 29, 15, 250));
    expect(parseTime("2024-06-28T17:52:13.000000+0000")).toBe(Date.UTC(2024, 5, 28, 17, 52, 13));
    expect(parseTime("2024-06-28T17:52:13.123456+0000")).toBe(Date.UTC(2024, 5, 28, 17, 52, 13, 123));
  });

  it("reads looser forms through the slow path: no seconds, a space, no offset (UTC)", () => {
    expect(parseTime("2019-12-10 15:00:01")).toBe(Date.UTC(2019, 11, 10, 15, 0, 1));
    expect(parseTime("2019-12-10T15:00")).toBe(Date.UTC(2019, 11, 10, 15, 0));
    expect(parseTime("2019-12-10T15:00:01+0100")).toBe(Date.UTC(2019, 11, 10, 14, 0, 1));
    expect(parseTime("2019-09-27T13:35:35-04")).toBe(Date.UTC(2019, 8, 27, 17, 35, 35));
  });

  it("reads years 0-99 as those years on both paths (Date.UTC would read 1900-1999)", () => {
    const year50 = new Date("0050-01-01T00:00:00Z").getTime();
    expect(parseTime("0050-01-01T00:00:00Z")).toBe(year50);
    expect(parseTime("0050-01-01T00:00Z")).toBe(year50);
    expect(parseTime("0050-01-01 00:00:00")).toBe(year50);
  });

  it("reads Unix milliseconds, and seconds when the number is too small to be milliseconds", () => {
    expect(parseTime(1697253089123)).toBe(1697253089123);
    expect(parseTime(1699877427)).toBe(1699877427000);
  });

  it("gives undefined for anything that is not a time", () => {
    for (const bad of ["", "yesterday", "2019-13-01T00:00:00Z", "2019-02-30T25:00:00Z", null, undefined, {}, -5, Number.NaN, "2019-09-27T13:35:35+04:00trailing"]) {
      expect(parseTime(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });
});

describe("eventFacts", () => {
  it("Zubie trip_end: VIN and nickname, distance, duration, fuel cost, top speed, no id (dedupe by body)", () => {
    expect(factsOf("zubie/trip_end")).toEqual({
      time: Date.UTC(2019, 8, 27, 17, 35, 35),
      who: "HO787189 (VIN 5FNRL38249B044393)",
      summary: "14.4 mi in 35m 35s · fuel $2.54 · top 52.8 mph · 0 hard brakes, 0 rapid accels",
      positions: [
        { lat: 32.8544866667, lon: -79.7709333333, role: "at", time: Date.UTC(2019, 8, 27, 17, 35, 35) },
        { lat: 32.8544833333, lon: -79.77094, role: "end", time: Date.UTC(2019, 8, 27, 17, 35, 35) },
      ],
    });
  });

  it("Zubie: geofence, trouble code, speed and location, the newer vehicle shape, device events", () => {
    expect(factsOf("zubie/vehicle_geofence_arrival").summary).toBe('arrived at geofence "Ravanel" (Arthur Ravenel Jr Bridge, Charleston, SC 29403, U…) · 16.2 mph');
    expect(factsOf("zubie/vehicle_trouble_code").summary).toBe("trouble code P0900 Clutch Actuator Circuit/Open (severity 1)");
    expect(factsOf("zubie/trip_over_speeding").summary).toBe("over speeding at 81.4 mph · at 44.49585,-93.29143");
    expect(factsOf("zubie/vehicle_low_battery")).toMatchObject({ who: "Pearl (VIN JM3TCADY5G0107976)", summary: "battery 9.3 V · at 32.88284,-80.03617" });
    expect(factsOf("zubie/device_reconnect")).toMatchObject({ who: "device 182400007", summary: "device 182400007 reconnected · after 111d 15h unplugged" });
    expect(factsOf("zubie/vehicle_maintenance")).toMatchObject({ id: "8ZGwUTsMPoSVEMvbPcxUBx", summary: "maintenance: Oil Change · next service 2015-12-10" });
  });

  it("Uber: event_id is the dedupe key, event_time in milliseconds, driver status and location", () => {
    expect(factsOf("uber/driver_enroute")).toEqual({
      id: "6f0d8726-3b25-4e6e-9268-5ab6c3a78b4f",
      time: 1697253089123,
      who: "driver 1a8e9cf5-ee45-4c8a-a5cd-7d32c9515d72, vehicle c50b508a-7040-4a77-b290-8f8c2c96f43d",
      summary: "driver en route to a pickup · at 38.89935,-122.41459",
      positions: [{ lat: 38.899349, lon: -122.414592, role: "at", time: 1697253089123 }],
    });
  });

  it("Events Push: IMEI, Device_Time, what changed and where", () => {
    expect(eventFacts({ provider: "events-push", event: "overspeed" }, {
      Event: "overspeed", Changes: 50, Device_Time: "2024-06-28T17:52:13.000000+0000", IMEI: "350612075195931",
      Server_Time: "2024-06-28T18:49:45.000000+0000", Coordinates: "22.927968,75.533275", Location: "Indore", Geofence_Name: null,
    })).toEqual({
      time: Date.UTC(2024, 5, 28, 17, 52, 13),
      who: "IMEI 350612075195931",
      summary: "overspeed by 50 · at Indore",
      positions: [{ lat: 22.927968, lon: 75.533275, role: "at", time: Date.UTC(2024, 5, 28, 17, 52, 13) }],
    });
    expect(factsOf("events-push/geofence_enter").summary).toMatch(/^entered geofence "Depalpur Depot" · at /);
  });

  it("Automatic: id, created_at, trip distance in km with duration, fuel and the route", () => {
    expect(factsOf("automatic/trip_finished")).toMatchObject({
      id: "E_5a1c3e7000000007",
      who: "vehicle C_3f9d1b7a2c5e8d40, user U_6a8c2f1d4b7e9a30",
      summary: expect.stringMatching(/^11\.8 km in 29m 29s · fuel \$2\.87 · 1 hard brake, 1 hard accel · /),
    });
    expect(factsOf("automatic/notification_speeding").summary).toBe("speeding at 118.4 km/h · at 37.78945,-122.39412");
    expect(factsOf("automatic/mil_on").summary).toMatch(/^check-engine light on: P0420 /);
  });

  it("every bundled fixture yields a time, a who (but trip_tagged) and a summary", () => {
    for (const provider of readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
      for (const file of readdirSync(join(FIXTURES, provider)).filter((f) => f.endsWith(".json"))) {
        const id = `${provider}/${file.slice(0, -5)}`;
        const f = factsOf(id);
        expect(f.time, id).toBeTypeOf("number");
        expect(f.summary, id).toBeTruthy();
        if (id !== "zubie/trip_tagged" && id !== "smartcar/verify") expect(f.who, id).toBeTruthy();
      }
    }
  });

  it("never throws on odd payloads; it reports less", () => {
    const odd: unknown[] = [null, 42, "text", [], { event: "trip_end", car: "not an object", trip: [1, 2] }, { type: "trip:finished", trip: { distance_m: "far" } }, { event_type: "X", location: null }];
    for (const p of odd) {
      for (const provider of ["zubie", "uber", "events-push", "automatic"] as const) {
        expect(() => eventFacts({ provider, event: "trip_end" }, p)).not.toThrow();
      }
      expect(() => eventFacts(undefined, p)).not.toThrow();
    }
    expect(eventFacts(undefined, { id: "evt_1", created_at: "2024-01-01T00:00:00Z" })).toEqual({ id: "evt_1", time: Date.UTC(2024, 0, 1) });
    expect(eventFacts({ provider: "zubie", event: "trip_end" }, { event: "trip_end", car: "x" })).toEqual({});
  });
});

describe("positions", () => {
  it("Zubie: the event's point (nested or flat), the vehicle's location once, the trip's start", () => {
    // trip_over_speeding: point.point and vehicle.vehicle_location.point are the same place.
    expect(factsOf("zubie/trip_over_speeding").positions).toEqual([
      { lat: 44.49585, lon: -93.291433, role: "at", time: Date.UTC(2019, 8, 27, 20, 59, 42) },
      { lat: 44.444, lon: -93.144383, role: "start", time: Date.UTC(2019, 8, 27, 20, 41, 47) },
    ]);
    expect(factsOf("zubie/vehicle_location_update").positions).toEqual([{ lat: 32.8036916667, lon: -79.944845, role: "at", time: Date.UTC(2019, 8, 27, 17, 8, 5) }]);
  });

  it("Automatic: the event's location, the trip's start and end locations with their times", () => {
    expect(factsOf("automatic/trip_finished").positions).toEqual([
      { lat: 37.80792, lon: -122.41774, role: "at", time: Date.UTC(2019, 8, 27, 16, 31, 47) },
      { lat: 37.774929, lon: -122.419416, role: "start", time: Date.UTC(2019, 8, 27, 16, 2, 11) },
      { lat: 37.80792, lon: -122.41774, role: "end", time: Date.UTC(2019, 8, 27, 16, 31, 40) },
    ]);
  });

  it("Events Push: Coordinates as text, with or without a space; nothing for garbage", () => {
    const at = (Coordinates: unknown) => eventFacts({ provider: "events-push", event: "sos" }, { Event: "sos", IMEI: "1", Coordinates }).positions;
    expect(at("22.5, -75.25")).toEqual([{ lat: 22.5, lon: -75.25, role: "at" }]);
    for (const bad of ["95,10", "10,200", "north", "", 5, null]) expect(at(bad), JSON.stringify(bad)).toBeUndefined();
  });

  it("only real coordinates, and none in eventIdentity", () => {
    expect(eventFacts({ provider: "uber", event: "X" }, { location: { latitude: "38.9", longitude: -122 } }).positions).toBeUndefined();
    expect(eventFacts({ provider: "zubie", event: "trip_end" }, { car: { latitude: null, longitude: null }, trip: { started_latitude: 91, started_longitude: 0 } }).positions).toBeUndefined();
    const payload = fixture("automatic/trip_finished");
    expect(Object.keys(eventIdentity(detectEvent(payload), payload))).toEqual(["id", "time"]);
  });

  it("every position of every bundled fixture is in range", () => {
    for (const provider of readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
      for (const file of readdirSync(join(FIXTURES, provider)).filter((f) => f.endsWith(".json"))) {
        for (const p of factsOf(`${provider}/${file.slice(0, -5)}`).positions ?? []) {
          expect(Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180 && ["at", "start", "end"].includes(p.role), `${provider}/${file}`).toBe(true);
        }
      }
    }
  });
});

describe("helpers", () => {
  it("clip", () => {
    expect(clip("a  b\n c", 10)).toBe("a b c");
    expect(clip("x".repeat(20), 10)).toBe("xxxxxxxxx…");
  });
});

describe("eventIdentity", () => {
  it("agrees with eventFacts on id and time for every fixture", () => {
    const root = join(import.meta.dirname, "../../../fixtures");
    let n = 0;
    for (const provider of readdirSync(root).filter((d) => !d.includes("."))) {
      for (const file of readdirSync(join(root, provider))) {
        const payload: unknown = JSON.parse(readFileSync(join(root, provider, file), "utf8"));
        const ref = detectEvent(payload);
        const f = eventFacts(ref, payload);
        expect(eventIdentity(ref, payload), `${provider}/${file}`).toEqual({ ...(f.id && { id: f.id }), ...(f.time !== undefined && { time: f.time }) });
        n++;
      }
    }
    expect(n).toBe(82);
  });
});

/**
 * Scenarios (pure): a coherent sequence of one provider's events — the same vehicle, trip or driver
 * throughout, times advancing, positions moving along a route. They are built from the bundled
 * fixtures, which the caller loads and passes in as `templates` (fixture id → payload), so the
 * events keep the shapes of the source documents.
 */
import { UsageError } from "../errors.js";
import { refreshEvent, likeId, uuid } from "../send/refresh.js";
import { isoTime, timeLike } from "../time.js";

export interface ScenarioStep {
  provider: string;
  event: string;
  payload: Record<string, unknown>;
  /** When this event happens after the first one, ms (already divided by the speed). */
  atMs: number;
}

export interface ScenarioOptions {
  /** Time of the first event, ms since the epoch. */
  start: number;
  random: () => number;
  /**
   * How many times faster than real time the scenario runs (default 1). Every time in it shrinks
   * alike: the gaps between events and the spans inside them (a trip's start and end, its
   * duration), so the events agree with each other and with when they are sent.
   */
  speed?: number;
}

/** The scenario's clock: epoch ms of a real-time offset from the first event, at the given speed. */
function clockOf({ start, speed = 1 }: ScenarioOptions): { at: (offsetMs: number) => number; after: (offsetMs: number) => number } {
  return { at: (offset) => Math.round(start + offset / speed), after: (offset) => offset / speed };
}

export interface Scenario {
  name: string;
  provider: string;
  description: string;
  /** Fixture ids the scenario is made from. */
  fixtures: readonly string[];
  build(templates: Readonly<Record<string, unknown>>, options: ScenarioOptions): ScenarioStep[];
}

type Obj = Record<string, unknown>;
const clone = <T>(v: T): T => structuredClone(v);
const MIN = 60_000;

function template(templates: Readonly<Record<string, unknown>>, id: string): Obj {
  const t = templates[id];
  if (!t || typeof t !== "object") throw new UsageError(`scenario needs the fixture ${id}`);
  return clone(t as Obj);
}

/** Points along a route (linear between waypoints), `n` of them, first and last included. */
export function alongRoute(route: readonly [number, number][], n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const f = n === 1 ? 0 : (i / (n - 1)) * (route.length - 1);
    const a = route[Math.floor(f)]!;
    const b = route[Math.min(route.length - 1, Math.floor(f) + 1)]!;
    const t = f - Math.floor(f);
    out.push([+(a[0] + (b[0] - a[0]) * t).toFixed(6), +(a[1] + (b[1] - a[1]) * t).toFixed(6)]);
  }
  return out;
}

/** Great-circle distance in metres. */
export function metres(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLon = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

// ── Zubie: one trip ──────────────────────────────────────────────────────────────────────────
const CHARLESTON: [number, number][] = [
  [32.8542136667, -79.7710723333],
  [32.8381, -79.8587],
  [32.8046533333, -79.9288233333],
  [32.8036916667, -79.944845],
];

const zubieTrip: Scenario = {
  name: "zubie-trip",
  provider: "zubie",
  description: "one trip of one car: trip_start, 3 location updates, a hard brake, over-speeding, trip_end",
  fixtures: ["zubie/trip_start", "zubie/vehicle_location_update", "zubie/trip_hard_brake", "zubie/trip_over_speeding", "zubie/trip_end"],
  build(templates, options) {
    const { random } = options;
    const { at, after } = clockOf(options);
    const plan: [string, number][] = [["trip_start", 0], ["vehicle_location_update", 3 * MIN], ["vehicle_location_update", 7 * MIN], ["trip_hard_brake", 9 * MIN], ["vehicle_location_update", 12 * MIN], ["trip_over_speeding", 15 * MIN], ["trip_end", 20 * MIN]];
    const points = alongRoute(CHARLESTON, plan.length);
    const first = template(templates, "zubie/trip_start");
    const car = first.car as Obj;
    const tripId = String(Math.floor(random() * 9e6) + 1e6);
    const startedIso = timeLike(String(first.timestamp), at(0));
    let distanceMiles = 0;
    return plan.map(([event, atMs], i) => {
      const p = template(templates, `zubie/${event}`);
      const [lat, lon] = points[i]!;
      if (i > 0) distanceMiles += metres(points[i - 1]!, points[i]!) / 1609.344;
      const iso = timeLike(String(p.timestamp ?? first.timestamp), at(atMs));
      p.timestamp = iso;
      if (p.car && typeof p.car === "object") p.car = { ...car, latitude: lat, longitude: lon };
      if (p.vehicle && typeof p.vehicle === "object") {
        const v = p.vehicle as Obj;
        p.vehicle = { ...v, nickname: car.nickname, vin: car.vin, vehicle_location: { point: { lat, lon } } };
      }
      if (p.point && typeof p.point === "object") {
        const pt = p.point as Obj;
        p.point = { ...pt, timestamp: iso, ...("latitude" in pt ? { latitude: lat, longitude: lon } : { point: { lat, lon } }) };
      }
      if (p.trip && typeof p.trip === "object") {
        const t = p.trip as Obj;
        const trip: Obj = { ...t, key: first.trip && typeof first.trip === "object" ? (first.trip as Obj).key : t.key };
        if ("id" in t) trip.id = tripId;
        if ("started_timestamp" in t) trip.started_timestamp = startedIso;
        if (event === "trip_end") {
          trip.ended_timestamp = iso;
          trip.ended_latitude = lat;
          trip.ended_longitude = lon;
          trip.distance = +distanceMiles.toFixed(2);
          trip.started_latitude = points[0]![0];
          trip.started_longitude = points[0]![1];
        }
        if ("start_point" in t && t.start_point && typeof t.start_point === "object") {
          trip.start_point = { ...(t.start_point as Obj), point: { lat: points[0]![0], lon: points[0]![1] }, timestamp: startedIso };
        }
        p.trip = trip;
      }
      return { provider: "zubie", event, payload: p, atMs: after(atMs) };
    });
  },
};

// ── Uber: one driver's shift ─────────────────────────────────────────────────────────────────
const uberShift: Scenario = {
  name: "uber-shift",
  provider: "uber",
  description: "one driver's shift: offline → online → enroute → ontrip → online",
  fixtures: ["uber/driver_offline", "uber/driver_online", "uber/driver_enroute", "uber/driver_ontrip"],
  build(templates, options) {
    const { random } = options;
    const { at, after } = clockOf(options);
    const plan: [string, string, number][] = [["driver_offline", "DRIVER_STATUS_OFFLINE", 0], ["driver_online", "DRIVER_STATUS_ONLINE", 2 * MIN], ["driver_enroute", "DRIVER_STATUS_ENROUTE", 9 * MIN], ["driver_ontrip", "DRIVER_STATUS_ONTRIP", 15 * MIN], ["driver_online", "DRIVER_STATUS_ONLINE", 41 * MIN]];
    const points = alongRoute([[38.899349, -122.414592], [38.9051, -122.4049], [38.9123, -122.3961]], plan.length);
    const base = template(templates, "uber/driver_enroute");
    return plan.map(([fixture, status, atMs], i) => {
      const p = { ...template(templates, `uber/${fixture}`), driver_id: base.driver_id, vehicle_id: base.vehicle_id, org_id: base.org_id } as Obj;
      p.status = status;
      p.event_id = uuid(random);
      p.event_time = at(atMs);
      p.location = { latitude: points[i]![0], longitude: points[i]![1] };
      p.webhook_meta = { ...(p.webhook_meta as Obj), webhook_msg_timestamp: Math.floor(at(atMs) / 1000) + 1, webhook_msg_uuid: uuid(random) };
      return { provider: "uber", event: "REALTIME_DRIVER_STATUS_CHANGE", payload: p, atMs: after(atMs) };
    });
  },
};

// ── Events Push: one tracker's run ───────────────────────────────────────────────────────────
const DEVICE_LAG_MS = 20_000;
const eventsPushRun: Scenario = {
  name: "events-push-run",
  provider: "events-push",
  description: "one tracker leaves a geofence, speeds, loses fuel and enters another geofence",
  fixtures: ["events-push/geofence_exit", "events-push/overspeed", "events-push/fuel_drain", "events-push/geofence_enter"],
  build(templates, options) {
    const { at, after } = clockOf(options);
    const plan: [string, number][] = [["geofence_exit", 0], ["overspeed", 18 * MIN], ["fuel_drain", 33 * MIN], ["geofence_enter", 52 * MIN]];
    const points = alongRoute([[22.719568, 75.857727], [22.8312, 75.7031], [22.927968, 75.533275], [22.962145, 75.496822]], plan.length);
    const imei = template(templates, "events-push/overspeed").IMEI;
    return plan.map(([event, atMs], i) => {
      const p = template(templates, `events-push/${event}`);
      // The platform pushes an event when its server has it: Server_Time is the push, and the
      // tracker's report reached the server some seconds (not sped up) before.
      p.Device_Time = timeLike(String(p.Device_Time), at(atMs) - DEVICE_LAG_MS);
      p.Server_Time = timeLike(String(p.Server_Time), at(atMs));
      p.IMEI = imei;
      p.Coordinates = `${points[i]![0]},${points[i]![1]}`;
      return { provider: "events-push", event, payload: p, atMs: after(atMs) };
    });
  },
};

// ── Automatic: one drive ─────────────────────────────────────────────────────────────────────
const automaticDrive: Scenario = {
  name: "automatic-drive",
  provider: "automatic",
  description: "one drive: ignition:on, location updates, speeding, a hard brake, trip:finished, ignition:off",
  fixtures: ["automatic/ignition_on", "automatic/location_updated", "automatic/notification_speeding", "automatic/notification_hard_brake", "automatic/trip_finished", "automatic/ignition_off"],
  build(templates, options) {
    const { random } = options;
    const { at, after } = clockOf(options);
    const plan: [string, number][] = [["ignition_on", 0], ["location_updated", 4 * MIN], ["notification_speeding", 7 * MIN], ["location_updated", 10 * MIN], ["notification_hard_brake", 13 * MIN], ["trip_finished", 29 * MIN + 30_000], ["ignition_off", 29 * MIN + 40_000]];
    const points = alongRoute([[37.774929, -122.419416], [37.78945, -122.39412], [37.79521, -122.40287], [37.80792, -122.41774]], plan.length);
    const ids = { trip: likeId("T_4d1f8a2c6e3b9d70", random) };
    let metresDriven = 0;
    return plan.map(([fixture, atMs], i) => {
      const p = refreshEvent("automatic", template(templates, `automatic/${fixture}`), { now: at(atMs), random }) as Obj;
      const [lat, lon] = points[i]!;
      if (i > 0) metresDriven += metres(points[i - 1]!, points[i]!);
      p.location = { ...(p.location as Obj), lat, lon };
      if (fixture === "trip_finished") {
        const trip = p.trip as Obj;
        p.trip = {
          ...trip,
          id: ids.trip,
          url: `https://api.automatic.com/trip/${ids.trip}/`,
          started_at: isoTime(at(0)),
          ended_at: isoTime(at(atMs - 7_000)),
          duration_s: Math.round((at(atMs - 7_000) - at(0)) / 1000),
          distance_m: Math.round(metresDriven * 10) / 10,
          start_location: { ...(trip.start_location as Obj), lat: points[0]![0], lon: points[0]![1] },
          end_location: { ...(trip.end_location as Obj), lat, lon },
          hard_brakes: 1,
        };
      }
      return { provider: "automatic", event: String(p.type), payload: p, atMs: after(atMs) };
    });
  },
};

export const SCENARIOS: readonly Scenario[] = [zubieTrip, uberShift, eventsPushRun, automaticDrive];

export function listScenarios(): readonly Scenario[] {
  return SCENARIOS;
}

export function getScenario(name: string): Scenario {
  const s = SCENARIOS.find((x) => x.name === name || x.provider === name);
  if (!s) throw new UsageError(`--scenario ${name}: unknown scenario (one of: ${SCENARIOS.map((x) => x.name).join(", ")})`);
  return s;
}

export function buildScenario(name: string, templates: Readonly<Record<string, unknown>>, options: ScenarioOptions): ScenarioStep[] {
  return getScenario(name).build(templates, options);
}

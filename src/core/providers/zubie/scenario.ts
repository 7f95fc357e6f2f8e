/** zubie-trip: one trip of one car, along a route in Charleston. */
import { timeLike } from "../../time.js";
import { alongRoute, clockOf, metres, MIN, template, type Obj, type Scenario } from "../../scenarios/kit.js";

// ── Zubie: one trip ──────────────────────────────────────────────────────────────────────────
const CHARLESTON: [number, number][] = [
  [32.8542136667, -79.7710723333],
  [32.8381, -79.8587],
  [32.8046533333, -79.9288233333],
  [32.8036916667, -79.944845],
];

export const zubieTrip: Scenario = {
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

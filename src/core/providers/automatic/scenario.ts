/** automatic-drive: one drive, from ignition:on to ignition:off. */
import { isoTime } from "../../time.js";
import { alongRoute, clockOf, metres, MIN, template, type Obj, type Scenario } from "../../scenarios/kit.js";
import { freshWith } from "../common/fresh.js";
import { likeId } from "../common/random.js";
import { automaticFresh } from "./index.js";

// ── Automatic: one drive ─────────────────────────────────────────────────────────────────────
export const automaticDrive: Scenario = {
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
      const p = freshWith(automaticFresh, template(templates, `automatic/${fixture}`), at(atMs), random) as Obj;
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

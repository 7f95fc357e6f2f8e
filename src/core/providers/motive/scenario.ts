/** motive-run: one truck's run down I-65 from the Merrillville, IN yard to a distribution center in Plainfield, IN. */
import { timeLike } from "../../time.js";
import { alongRoute, clockOf, metres, MIN, template, type Obj, type Scenario } from "../../scenarios/kit.js";
import { likeInt } from "../common/fresh.js";

const YARD: [number, number] = [41.48331, -87.33268];
const DC: [number, number] = [39.70425, -86.3687];
const ROUTE: [number, number][] = [YARD, [40.76305, -87.15184], [40.42555, -86.8053], [40.04871, -86.46992], DC];

/** Motive posts a webhook a few seconds after the event it reports. */
const SEND_LAG_MS = 4_000;

type Step = [fixture: string, atMs: number, kind?: string];

const iso = (p: Obj, key: string, ms: number) => {
  if (typeof p[key] === "string") p[key] = timeLike(p[key] as string, ms);
};

export const motiveRun: Scenario = {
  name: "motive-run",
  provider: "motive",
  description: "one truck: on duty, engine on, driving, location updates, speeding on I-65, the DC's geofence, engine off, off duty",
  fixtures: ["motive/user_duty_status_updated", "motive/engine_toggle_event", "motive/vehicle_location_updated", "motive/speeding_event_created", "motive/vehicle_geofence_event"],
  build(templates, options) {
    const { random } = options;
    const { at, after } = clockOf(options);
    const plan: Step[] = [
      ["user_duty_status_updated", 0, "on_duty"],
      ["engine_toggle_event", 2 * MIN, "engine_on"],
      ["user_duty_status_updated", 4 * MIN, "driving"],
      ["vehicle_location_updated", 30 * MIN],
      ["vehicle_location_updated", 55 * MIN],
      ["speeding_event_created", 62 * MIN],
      ["vehicle_location_updated", 85 * MIN],
      ["vehicle_location_updated", 110 * MIN],
      ["vehicle_geofence_event", 135 * MIN],
      ["user_duty_status_updated", 137 * MIN, "on_duty"],
      ["engine_toggle_event", 138 * MIN, "engine_off"],
      ["user_duty_status_updated", 150 * MIN, "off_duty"],
    ];
    const locations = plan.filter(([f]) => f === "vehicle_location_updated").length;
    const points = alongRoute(ROUTE, locations + 2).slice(1, -1);
    let odometer: number | undefined;
    let located = 0;
    let last = YARD;
    return plan.map(([fixture, atMs, kind]) => {
      const p = template(templates, `motive/${fixture}`);
      const when = at(atMs - SEND_LAG_MS);
      if (typeof p.id === "number" && fixture !== "user_duty_status_updated") p.id = likeInt(p.id, random);
      odometer ??= typeof p.odometer === "number" ? p.odometer : undefined;
      switch (fixture) {
        case "user_duty_status_updated":
          p.duty_status = kind;
          iso(p, "duty_status_started_at", when);
          iso(p, "updated_at", when + 2_000);
          break;
        case "engine_toggle_event": {
          const [lat, lon] = kind === "engine_on" ? YARD : DC;
          Object.assign(p, { type: kind, lat, lon, description: kind === "engine_on" ? "Merrillville, IN" : "Plainfield, IN" });
          iso(p, "located_at", when);
          break;
        }
        case "vehicle_location_updated": {
          const here = points[located++]!;
          if (odometer !== undefined) p.odometer = odometer = +(odometer + metres(last, here) / 1000).toFixed(1);
          last = here;
          Object.assign(p, { lat: here[0], lon: here[1], description: "I-65 S, IN" });
          iso(p, "located_at", when);
          break;
        }
        case "speeding_event_created": {
          // A 150 s episode that ended just before the webhook.
          const span = typeof p.duration === "number" ? p.duration * 1000 : 150_000;
          iso(p, "end_time", when);
          iso(p, "start_time", when - span / (options.speed ?? 1));
          if (typeof p.duration === "number") p.duration = Math.round(p.duration / (options.speed ?? 1));
          break;
        }
        case "vehicle_geofence_event":
          iso(p, "start_time", when);
          break;
      }
      return { provider: "motive", event: String(p.action), payload: p, atMs: after(atMs) };
    });
  },
};

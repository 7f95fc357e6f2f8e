/** samsara-route: one truck's run from its depot in Wheeling, IL to a distribution center in Kenosha, WI. */
import { timeLike } from "../../time.js";
import { clockOf, MIN, template, type Obj, type Scenario } from "../../scenarios/kit.js";
import { uuid } from "../common/random.js";

/** Samsara sends a webhook a few seconds after the event it reports. */
const SEND_LAG_MS = 9_000;

export const samsaraRoute: Scenario = {
  name: "samsara-route",
  provider: "samsara",
  description: "one truck: leaves the depot, severe speeding on I-94, an engine fault on and cleared, enters the customer's geofence",
  fixtures: ["samsara/geofence_exit", "samsara/severe_speeding_started", "samsara/severe_speeding_ended", "samsara/engine_fault_on", "samsara/engine_fault_off", "samsara/geofence_entry"],
  build(templates, options) {
    const { random } = options;
    const { at, after } = clockOf(options);
    const plan: [string, number][] = [
      ["geofence_exit", 0],
      ["severe_speeding_started", 18 * MIN],
      ["severe_speeding_ended", 21 * MIN],
      ["engine_fault_on", 28 * MIN],
      ["engine_fault_off", 36 * MIN],
      ["geofence_entry", 45 * MIN],
    ];
    const tripStart = at(-MIN);
    const speedingStart = at(18 * MIN - SEND_LAG_MS);
    return plan.map(([fixture, atMs]) => {
      const p = template(templates, `samsara/${fixture}`);
      p.eventId = uuid(random);
      p.eventTime = timeLike(String(p.eventTime), at(atMs));
      const data = p.data as Obj;
      const speeding = data.data as Obj | undefined;
      if (speeding) {
        speeding.tripStartTime = timeLike(String(speeding.tripStartTime), tripStart);
        speeding.startTime = timeLike(String(speeding.startTime), speedingStart);
        if ("endTime" in speeding) speeding.endTime = timeLike(String(speeding.endTime), at(atMs - SEND_LAG_MS));
      }
      return { provider: "samsara", event: String(p.eventType), payload: p, atMs: after(atMs) };
    });
  },
};

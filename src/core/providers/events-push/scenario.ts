/** events-push-run: one tracker's run. */
import { timeLike } from "../../time.js";
import { alongRoute, clockOf, MIN, template, type Scenario } from "../../scenarios/kit.js";

// ── Events Push: one tracker's run ───────────────────────────────────────────────────────────
const DEVICE_LAG_MS = 20_000;
export const eventsPushRun: Scenario = {
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

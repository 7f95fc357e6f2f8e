/** uber-shift: one driver's shift. */
import { alongRoute, clockOf, MIN, template, type Obj, type Scenario } from "../../scenarios/kit.js";
import { uuid } from "../common/random.js";

// ── Uber: one driver's shift ─────────────────────────────────────────────────────────────────
export const uberShift: Scenario = {
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

/**
 * fleetio-repair: one van's repair, as Fleetio reports it. The telematics integration raises a DTC
 * alert (a background job: triggered_by null), the maintenance manager opens an issue from it and a
 * work order for it, the technician completes the work order, which resolves the issue.
 *
 * Coherent the way Fleetio's are: the same account, vehicle and users throughout, the issue names
 * the DTC alert and the work order the issue, delivery ids grow. Every time in the fixtures (the
 * envelope's `timestamp` and the records' own) keeps its distance from the first event, shrunk by
 * the speed like the gaps between events.
 */
import { isoToMs, timeLike } from "../../time.js";
import { clockOf, template, type Obj, type Scenario } from "../../scenarios/kit.js";

const PLAN = ["dtc_alert_created", "issue_created", "work_order_created", "work_order_completed", "issue_resolved"] as const;

/** Every ISO 8601 string in `v`, moved by `move` (its format and UTC offset kept). */
function mapTimes(v: unknown, move: (ms: number) => number): unknown {
  if (typeof v === "string") {
    const ms = isoToMs(v);
    return ms === undefined ? v : timeLike(v, move(ms));
  }
  if (Array.isArray(v)) return v.map((x) => mapTimes(x, move));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapTimes(x, move)]));
  return v;
}

export const fleetioRepair: Scenario = {
  name: "fleetio-repair",
  provider: "fleetio",
  description: "one van's repair: dtc_alert_created, issue_created, work_order_created, work_order_completed, issue_resolved",
  fixtures: PLAN.map((f) => `fleetio/${f}`),
  build(templates, options) {
    const { at, after } = clockOf(options);
    const timeOf = (p: Obj) => isoToMs(String(p.timestamp)) ?? 0;
    const first = timeOf(template(templates, `fleetio/${PLAN[0]}`));
    let deliveryId = 90_000_000 + Math.floor(options.random() * 9_000_000);
    return PLAN.map((fixture) => {
      const t = template(templates, `fleetio/${fixture}`);
      const p = mapTimes(t, (ms) => at(ms - first)) as Obj;
      p.id = deliveryId;
      deliveryId += 1 + Math.floor(options.random() * 400);
      return { provider: "fleetio", event: String(p.event), payload: p, atMs: after(timeOf(t) - first) };
    });
  },
};

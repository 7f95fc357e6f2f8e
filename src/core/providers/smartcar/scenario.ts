/** smartcar-drive: one plug-in hybrid's drive, San Jose to Palo Alto, as its webhook reports it. */
import { alongRoute, clockOf, metres, MIN, template, type Obj, type Scenario } from "../../scenarios/kit.js";
import { uuid } from "../common/random.js";

const ROUTE: [number, number][] = [
  [37.33492, -121.88813],
  [37.3541, -121.9552],
  [37.3861, -122.0839],
  [37.4419, -122.143],
];

/** Smartcar reads a signal from the carmaker a few seconds before it delivers it. */
const OEM_LAG_MS = 3_000;
const FETCH_LAG_MS = 1_200;

const signalsOf = (p: Obj): Obj[] => ((p.data as Obj).signals as Obj[]) ?? [];

export const smartcarDrive: Scenario = {
  name: "smartcar-drive",
  provider: "smartcar",
  description: "one car's drive: first delivery, 3 location updates (battery, fuel and odometer moving), unreachable then resolved, arrival",
  fixtures: ["smartcar/vehicle_state", "smartcar/vehicle_error"],
  build(templates, options) {
    const { random } = options;
    const { at, after } = clockOf(options);
    type Step = [event: "VEHICLE_STATE" | "VEHICLE_ERROR", atMs: number, kind: "first" | "moving" | "error" | "resolved" | "parked"];
    const plan: Step[] = [
      ["VEHICLE_STATE", 0, "first"],
      ["VEHICLE_STATE", 6 * MIN, "moving"],
      ["VEHICLE_STATE", 14 * MIN, "moving"],
      ["VEHICLE_ERROR", 19 * MIN, "error"],
      ["VEHICLE_ERROR", 27 * MIN, "resolved"],
      ["VEHICLE_STATE", 29 * MIN, "moving"],
      ["VEHICLE_STATE", 34 * MIN, "parked"],
    ];
    const points = alongRoute(ROUTE, plan.length);
    const first = template(templates, "smartcar/vehicle_state");
    const odometerAt = (signalsOf(first).find((s) => s.code === "odometer-traveleddistance")?.body as Obj | undefined)?.value;
    let odometer = typeof odometerAt === "number" ? odometerAt : 10_000;
    let battery = 64;
    let fuel = 71;
    return plan.map(([event, atMs, kind], i) => {
      const p = template(templates, event === "VEHICLE_STATE" ? "smartcar/vehicle_state" : "smartcar/vehicle_error");
      const [lat, lon] = points[i]!;
      if (i > 0) {
        const km = metres(points[i - 1]!, points[i]!) / 1000;
        odometer = +(odometer + km).toFixed(1);
        // Electric first, then the engine: the battery drains until 20 %, fuel after that.
        const used = km * 0.9;
        battery = Math.max(20, Math.round(battery - used));
        if (battery === 20) fuel = Math.max(5, Math.round(fuel - km * 0.15));
      }
      p.eventId = uuid(random);
      p.meta = { ...(p.meta as Obj), deliveryId: uuid(random), deliveredAt: at(atMs) };
      if (event === "VEHICLE_ERROR") {
        const errors = ((p.data as Obj).errors as Obj[]).map((e) =>
          kind === "resolved" ? { type: e.type, code: e.code, state: "RESOLVED", description: "The vehicle is reachable again.", signals: e.signals } : e,
        );
        p.data = { ...(p.data as Obj), errors };
        return { provider: "smartcar", event, payload: p, atMs: after(atMs) };
      }
      const meta = { oemUpdatedAt: at(atMs - OEM_LAG_MS), fetchedAt: at(atMs - FETCH_LAG_MS) };
      const value: Record<string, Obj> = {
        "location-preciselocation": { latitude: lat, longitude: lon, heading: 300, direction: "NW", locationType: kind === "parked" || kind === "first" ? "LAST_PARKED" : "CURRENT" },
        "odometer-traveleddistance": { unit: "kilometers", value: odometer },
        "tractionbattery-stateofcharge": { unit: "percent", value: battery },
        "internalcombustionengine-fuellevel": { unit: "percent", value: fuel },
        "charge-ischarging": { value: false },
      };
      const data = p.data as Obj;
      data.signals = signalsOf(p).map((s) => ({ ...s, ...(value[String(s.code)] && { body: value[String(s.code)] }), meta }));
      data.triggers = kind === "first" ? [{ code: "FIRST_DELIVERY" }] : [{ code: "location-preciselocation", name: "PreciseLocation", group: "Location" }];
      return { provider: "smartcar", event, payload: p, atMs: after(atMs) };
    });
  },
};

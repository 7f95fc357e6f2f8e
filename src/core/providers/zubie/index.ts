/**
 * Zubie (seeds 003, 004): Zubie-Signature = base64(HMAC-SHA256(app secret, raw body)). Events name
 * themselves in `event`; times are ISO 8601 with the car's local UTC offset.
 *
 * Folder: this profile (signing, catalogue, fresh-send rules); facts.ts, schemas.ts (zod from the
 * Kit) and scenario.ts are loaded when asked for.
 */
import { hmacSigning } from "../common/hmac.js";
import { randomText } from "../common/random.js";
import type { CataloguedProvider } from "../types.js";

/** Zubie's event catalogue (its reference also lists vehicle_impact and vehicle_smoke_detected). */
export const ZUBIE_EVENTS = [
  "trip_start",
  "trip_end",
  "trip_tagged",
  "trip_hard_brake",
  "trip_severe_hard_brake",
  "trip_rapid_accel",
  "trip_over_speeding",
  "vehicle_geofence_arrival",
  "vehicle_geofence_departure",
  "vehicle_location_update",
  "vehicle_trouble_code",
  "vehicle_trouble_code_cleared",
  "vehicle_low_battery",
  "vehicle_fuel_low",
  "vehicle_maintenance",
  "vehicle_schedule_exception",
  "device_claim_success",
  "device_unplug",
  "device_reconnect",
  "device_vehicle_change",
  "vehicle_impact",
  "vehicle_smoke_detected",
] as const;

/** Listed in Zubie's reference, but the documents have no sample payload. */
export const ZUBIE_WITHOUT_SAMPLE: readonly string[] = ["vehicle_impact", "vehicle_smoke_detected"];

const ZUBIE_SET: ReadonlySet<string> = new Set(ZUBIE_EVENTS);

export const zubie: CataloguedProvider = {
  name: "zubie",
  title: "Zubie",
  ...hmacSigning({ name: "zubie", title: "Zubie", secretName: "app secret", header: "Zubie-Signature", algorithm: "sha256", encoding: "base64" }),
  devSecret: (randomBytes) => randomText(randomBytes, 32),
  events: {
    typeField: "event",
    names: ZUBIE_EVENTS,
    /** `event`, with `user_key` / `account_key` or a Zubie event name. */
    detect(p) {
      const event = p.event;
      return typeof event === "string" && ("user_key" in p || "account_key" in p || ZUBIE_SET.has(event)) ? event : undefined;
    },
    evidence: "shared",
    rule: "Zubie `event` with `user_key`/`account_key`",
    loadSchemas: () => import("./schemas.js").then((m) => m.schemaSet),
  },
  loadFacts: () => import("./facts.js").then((m) => m.reader),
  fresh: { anchor: [{ path: "timestamp", unit: "iso" }] },
  exampleFixture: "zubie/trip_end",
  loadScenarios: () => import("./scenario.js").then((m) => [m.zubieTrip]),
};

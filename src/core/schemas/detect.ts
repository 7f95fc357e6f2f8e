/**
 * Which provider and event a payload is (pure, and without zod: tail and listen need detection on
 * every event but the schemas only when validating, and zod costs ~65 ms to load).
 */
export const SCHEMA_PROVIDERS = ["zubie", "uber", "events-push", "automatic"] as const;
export type SchemaProvider = (typeof SCHEMA_PROVIDERS)[number];

export interface EventRef {
  provider: SchemaProvider;
  /** The provider's own type string: trip_end, REALTIME_DRIVER_STATUS_CHANGE, overspeed, trip:finished. */
  event: string;
}

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

const ZUBIE_SET: ReadonlySet<string> = new Set(ZUBIE_EVENTS);

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The provider and event type of a payload, from the provider's own type field; undefined if none fits. */
export function detectEvent(payload: unknown): EventRef | undefined {
  if (!isRecord(payload)) return undefined;
  const eventType = payload.event_type;
  if (typeof eventType === "string") return { provider: "uber", event: eventType };
  if ("IMEI" in payload && "Event" in payload) {
    const e = payload.Event;
    return { provider: "events-push", event: typeof e === "string" ? e : "" };
  }
  const event = payload.event;
  if (typeof event === "string" && ("user_key" in payload || "account_key" in payload || ZUBIE_SET.has(event))) {
    return { provider: "zubie", event };
  }
  const type = payload.type;
  if (typeof type === "string" && type.includes(":") && ("id" in payload || "created_at" in payload || "user" in payload)) {
    return { provider: "automatic", event: type };
  }
  return undefined;
}

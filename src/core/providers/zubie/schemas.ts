/**
 * Zubie webhooks (seeds 003, 004): both vehicle shapes (`car`, `vehicle`) and both trip shapes.
 * zod comes from the Kit (this file imports its types only), so loading the provider never loads zod.
 */
import type { z } from "zod";
import type { Kit, Shape } from "../../schemas/common.js";
import type { SchemaSet } from "../types.js";
import { ZUBIE_EVENTS, ZUBIE_WITHOUT_SAMPLE } from "./index.js";

function parts(k: Kit) {
  const { z, count, id, isoDate, isoTimestamp, latitude, longitude } = k;
  const num = () => z.number();
  const nnum = () => z.number().nullable();
  const ncount = () => count().nullable();
  const latLon = k.obj({ lat: latitude(), lon: longitude() });
  const address = k.obj({ city: z.string(), state: z.string(), street: z.string(), zipcode: z.string().nullable().optional() });

  /** The older vehicle shape: flat latitude/longitude. */
  const carFields: Shape = {
    battery_level: nnum(),
    fuel_level: nnum(),
    id: id(),
    key: id(),
    nickname: z.string(),
    vin: z.string(),
  };
  const car = k.obj({ ...carFields, latitude: latitude(), longitude: longitude() });
  /** vehicle_maintenance's car has no location. */
  const carNoLocation = k.obj({ ...carFields, latitude: latitude().optional(), longitude: longitude().optional() });
  /** The newer vehicle shape: vehicle_location.point.{lat,lon}. */
  const vehicle = k.obj({
    battery_level: nnum(),
    fuel_level: nnum(),
    key: id(),
    nickname: z.string(),
    vehicle_location: k.obj({ point: latLon }),
    vin: z.string(),
  });

  const pointCommon: Shape = {
    acceleration: num(),
    gps_quality: nnum(),
    gps_timestamp: isoTimestamp().nullable(),
    heading: nnum(),
    key: id(),
    rpm: nnum(),
    speed: nnum(),
    speed_by_second: z.array(z.number()).nullable(),
    timestamp: isoTimestamp(),
  };
  /** A trip point with flat latitude/longitude (geofence, hard brake, rapid accel events). */
  const pointFlat = k.obj({ ...pointCommon, id: z.number().int(), latitude: latitude(), longitude: longitude() });
  /** A trip point with a nested point.{lat,lon} (trip_over_speeding). */
  const pointNested = k.obj({ ...pointCommon, point: latLon });

  /** The older trip shape: hard_brakes, rapid_accels, started_* / ended_*. */
  const tripLegacy = k.obj({
    id: id(),
    key: id(),
    distance: nnum(),
    fuel_cost: nnum(),
    fuel_cost_currency_code: z.string(),
    hard_brakes: count(),
    rapid_accels: count(),
    idle_time: nnum(),
    max_speed: nnum(),
    points_city_count: ncount(),
    points_hwy_count: ncount(),
    speeding_city_major_count: ncount(),
    speeding_city_minor_count: ncount(),
    speeding_hwy_major_count: ncount(),
    speeding_hwy_minor_count: ncount(),
    started_timestamp: isoTimestamp(),
    started_latitude: latitude().nullable(),
    started_longitude: longitude().nullable(),
    started_address: address.nullable(),
    ended_timestamp: isoTimestamp().nullable(),
    ended_latitude: latitude().nullable(),
    ended_longitude: longitude().nullable(),
    ended_address: address.nullable(),
  });
  const tripPoint = k.obj({ address: address.nullable(), point: latLon, timestamp: isoTimestamp() });
  /** The newer trip shape: hard_brake_count, hard_accel_count, start_point / end_point. */
  const tripPoints = k.obj({
    key: id(),
    distance: nnum(),
    fuel_cost: nnum(),
    fuel_cost_currency_code: z.string(),
    hard_accel_count: count(),
    hard_brake_count: count(),
    idle_seconds: nnum(),
    top_speed: nnum(),
    points_city_count: ncount(),
    points_hwy_count: ncount(),
    speeding_city_major_count: ncount(),
    speeding_city_minor_count: ncount(),
    speeding_hwy_major_count: ncount(),
    speeding_hwy_minor_count: ncount(),
    start_point: tripPoint,
    end_point: tripPoint.nullable(),
  });

  return {
    car,
    carNoLocation,
    vehicle,
    point: z.union([pointFlat, pointNested]),
    trip: z.union([tripLegacy, tripPoints]),
    geofence: k.obj({ id: id(), key: id(), name: z.string(), radius: num(), address: z.string() }),
    trouble_code: k.obj({
      code: id(),
      description: z.string(),
      detailed_description: z.string(),
      repair_cost_low: nnum(),
      repair_cost_high: nnum(),
      severity: z.number().int(),
    }),
    tag: k.obj({ value: z.string() }),
    schedule: k.obj({ category: z.string(), name: z.string() }),
    claim: k.obj({ id: id(), key: id() }),
    device: k.obj({ key: id(), serial: id(), id: id().optional() }),
    maintenance: k.obj({
      id: id(),
      key: id(),
      summary: z.string(),
      description: z.string(),
      next_service_date: isoDate().nullable(),
      next_service_miles: nnum(),
    }),
  };
}

type Parts = ReturnType<typeof parts>;
type Part = Exclude<keyof Parts, "car" | "carNoLocation" | "vehicle">;

/** What each event carries besides the common fields; `vehicle: true` = a `car` or a `vehicle`. */
const EVENT_PARTS: Record<(typeof ZUBIE_EVENTS)[number], { parts: Part[]; vehicle: boolean | "optional"; extra?: (k: Kit) => Shape }> = {
  trip_start: { parts: ["trip"], vehicle: true },
  trip_end: { parts: ["trip"], vehicle: true },
  trip_tagged: { parts: ["trip", "tag"], vehicle: "optional" },
  trip_hard_brake: { parts: ["point", "trip"], vehicle: true },
  trip_severe_hard_brake: { parts: ["point", "trip"], vehicle: true },
  trip_rapid_accel: { parts: ["point", "trip"], vehicle: true },
  trip_over_speeding: { parts: ["point", "trip"], vehicle: true },
  vehicle_geofence_arrival: { parts: ["point", "geofence"], vehicle: true },
  vehicle_geofence_departure: { parts: ["point", "geofence"], vehicle: true },
  vehicle_location_update: { parts: [], vehicle: true },
  vehicle_trouble_code: { parts: ["trouble_code"], vehicle: true },
  vehicle_trouble_code_cleared: { parts: ["trouble_code"], vehicle: true },
  vehicle_low_battery: { parts: [], vehicle: true },
  vehicle_fuel_low: { parts: [], vehicle: true },
  vehicle_maintenance: { parts: ["maintenance"], vehicle: true },
  vehicle_schedule_exception: { parts: ["schedule", "trip"], vehicle: true },
  device_claim_success: { parts: ["claim", "device"], vehicle: true },
  device_unplug: { parts: ["device"], vehicle: true },
  device_reconnect: { parts: ["device"], vehicle: "optional", extra: (k) => ({ last_gasp_timestamp: k.isoTimestamp() }) },
  device_vehicle_change: { parts: ["device"], vehicle: true },
  vehicle_impact: { parts: [], vehicle: "optional" },
  vehicle_smoke_detected: { parts: [], vehicle: "optional" },
};

const VEHICLE_REQUIRED = "expected a `car` (older shape) or a `vehicle` (newer shape) object";

export function zubieSchemas(k: Kit): Record<string, z.ZodType> {
  const { z, id, isoTimestamp, rule } = k;
  const p = parts(k);
  const out: Record<string, z.ZodType> = {};
  for (const event of ZUBIE_EVENTS) {
    const spec = EVENT_PARTS[event];
    const maintenance = event === "vehicle_maintenance";
    const shape: Shape = {
      event: z.literal(event),
      timestamp: isoTimestamp(),
      // vehicle_maintenance's sample has none of the user/account fields, but id, kind and an offset.
      user_key: maintenance ? id().optional() : id(),
      account_key: maintenance ? id().optional() : id(),
      user_id: id().optional(),
      account_id: id().optional(),
      ...(maintenance ? { id: id(), kind: z.string(), timestamp_offset: z.number() } : {}),
      car: (maintenance ? p.carNoLocation : p.car).optional(),
      vehicle: p.vehicle.optional(),
      ...spec.extra?.(k),
    };
    for (const part of spec.parts) shape[part] = p[part];
    if (spec.vehicle === "optional") {
      // Events without a sample of their own: validate the common objects when they are present.
      if (ZUBIE_WITHOUT_SAMPLE.includes(event)) {
        shape.point = p.point.optional();
        shape.device = p.device.optional();
      }
    }
    const sample = ZUBIE_WITHOUT_SAMPLE.includes(event) ? " (listed by Zubie; no sample payload in the documents)" : "";
    const obj = k.obj(shape, `Zubie webhook "${event}"${sample}. Timestamps are ISO 8601 with the local UTC offset.`);
    let schema: z.ZodType = obj;
    if (spec.vehicle === true) {
      schema = rule(obj, (v) => v.car !== undefined || v.vehicle !== undefined, () => ({ path: ["car"], message: VEHICLE_REQUIRED, expected: "object" }), {
        whenFieldsFail: true,
      }).meta({
        anyOf: [
          { properties: { car: true }, required: ["car"] },
          { properties: { vehicle: true }, required: ["vehicle"] },
        ],
      });
    }
    out[event] = schema;
  }
  return out;
}

export const schemaSet: SchemaSet = { events: zubieSchemas };

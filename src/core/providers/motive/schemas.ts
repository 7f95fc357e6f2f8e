/**
 * Motive company-webhook payloads, one schema per action: `action`, the `trigger` that fired it,
 * the record's integer `id` and the action's attributes. The shapes follow the conventions of
 * Motive's webhook overview (integer ids, `vehicle` {id, number, …}, driver/user
 * {id, first_name, last_name}, `lat`/`lon`, ISO 8601 times); the per-action payload pages were not
 * in the search index, so fields beyond those are optional, and unknown fields are accepted (see
 * ./index.ts). zod comes from the Kit.
 */
import type { z } from "zod";
import type { Kit, Shape } from "../../schemas/common.js";
import type { SchemaSet } from "../types.js";
import { MOTIVE_ACTIONS } from "./index.js";

function parts(k: Kit) {
  const { z } = k;
  const opt = (t: z.ZodType) => t.optional();
  const nullable = (t: z.ZodType) => t.nullable().optional();
  const recordId = () => z.number().int("ids are integers").positive("ids are positive");
  const vehicle = k.obj(
    { id: recordId(), number: z.string(), year: opt(z.string()), make: opt(z.string()), model: opt(z.string()), vin: opt(z.string()) },
    "A Motive vehicle: integer id and the fleet's vehicle number",
  );
  const person = k.obj(
    { id: recordId(), first_name: z.string(), last_name: z.string(), username: opt(z.string()), email: opt(z.string()), driver_company_id: nullable(z.string()) },
    "A Motive user (driver)",
  );
  const at = { lat: k.latitude(), lon: k.longitude() };
  return { opt, nullable, recordId, vehicle, person, at };
}

export function motiveSchemas(k: Kit): Record<string, z.ZodType> {
  const { z } = k;
  const p = parts(k);
  const { opt, nullable } = p;
  const iso = () => k.isoTimestamp();
  const speed = () => z.number().min(0, "speeds are 0 or more");
  const fault: Shape = {
    code: z.string(),
    code_label: opt(z.string()),
    code_description: opt(z.string()),
    fmi: nullable(z.number().int()),
    fmi_description: nullable(z.string()),
    source_address_label: nullable(z.string()),
    type: opt(z.string()),
    status: z.enum(["open", "closed"]),
    first_observed_at: iso(),
    last_observed_at: iso(),
    num_observations: opt(k.count()),
    lat: opt(k.latitude()),
    lon: opt(k.longitude()),
    vehicle: p.vehicle,
    driver: nullable(p.person),
  };
  const attributes: Record<string, Shape> = {
    vehicle_location_updated: {
      located_at: iso(),
      ...p.at,
      bearing: opt(z.number().min(0).max(360, "bearing is 0 to 360 degrees")),
      speed: opt(speed()),
      description: opt(z.string()),
      odometer: opt(z.number()),
      fuel: opt(z.number()),
      engine_hours: opt(z.number()),
      vehicle: p.vehicle,
      driver: nullable(p.person),
    },
    engine_toggle_event: {
      type: z.enum(["engine_on", "engine_off"]),
      located_at: iso(),
      ...p.at,
      description: opt(z.string()),
      odometer: opt(z.number()),
      engine_hours: opt(z.number()),
      vehicle: p.vehicle,
      driver: nullable(p.person),
    },
    user_duty_status_updated: {
      ...p.person.shape,
      role: opt(z.string()),
      status: opt(z.string()),
      duty_status: z.enum(["off_duty", "sleeper", "driving", "on_duty", "personal_conveyance", "yard_moves", "waiting"]),
      duty_status_started_at: opt(iso()),
      updated_at: opt(iso()),
      current_vehicle: nullable(k.obj({ id: p.recordId(), number: z.string() })),
    },
    hos_violation_upserted: {
      type: z.string(),
      name: opt(z.string()),
      start_time: iso(),
      end_time: nullable(iso()),
      log_date: opt(k.isoDate()),
      user: p.person,
      vehicle: nullable(k.obj({ id: p.recordId(), number: z.string() })),
    },
    speeding_event_created: {
      start_time: iso(),
      end_time: iso(),
      duration: opt(z.number().min(0, "duration is seconds, 0 or more")),
      start_lat: k.latitude(),
      start_lon: k.longitude(),
      end_lat: opt(k.latitude()),
      end_lon: opt(k.longitude()),
      min_vehicle_speed: opt(speed()),
      max_vehicle_speed: speed(),
      avg_vehicle_speed: opt(speed()),
      min_posted_speed_limit_in_kph: opt(speed()),
      max_posted_speed_limit_in_kph: opt(speed()),
      max_over_speed_in_kph: opt(z.number()),
      avg_over_speed_in_kph: opt(z.number()),
      status: opt(z.string()),
      vehicle: p.vehicle,
      driver: nullable(p.person),
    },
    fault_code_opened: fault,
    fault_code_closed: fault,
    vehicle_geofence_event: {
      type: z.enum(["entry", "exit"]),
      start_time: iso(),
      end_time: nullable(iso()),
      duration: nullable(z.number().min(0, "duration is seconds, 0 or more")),
      lat: opt(k.latitude()),
      lon: opt(k.longitude()),
      geofence: k.obj({ id: p.recordId(), name: z.string(), category: opt(z.string()) }),
      vehicle: p.vehicle,
      driver: nullable(p.person),
    },
  };
  const out: Record<string, z.ZodType> = {};
  for (const a of MOTIVE_ACTIONS) {
    out[a] = k.obj({ action: z.literal(a), trigger: opt(z.string()), id: p.recordId(), ...attributes[a]! }, `Motive webhook "${a}". No event id: dedupe on the body.`);
  }
  return out;
}

export const schemaSet: SchemaSet = { events: motiveSchemas };

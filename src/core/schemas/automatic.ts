/** Automatic's real-time events (seed 000; shapes per DESIGN.md §2). */
import { z } from "zod";
import { count, id, isoTimestamp, latitude, longitude, type Kit, type Shape } from "./common.js";

export const AUTOMATIC_EVENTS = [
  "trip:finished",
  "ignition:on",
  "ignition:off",
  "notification:speeding",
  "notification:hard_brake",
  "notification:hard_accel",
  "mil:on",
  "mil:off",
  "location:updated",
  "vehicle:status_report",
  "region:changed",
  "parking:changed",
  "hmi:interaction",
] as const;

/** Seen only by older apps. */
export const AUTOMATIC_LEGACY: readonly string[] = ["region:changed", "parking:changed", "hmi:interaction"];

export function automaticSchemas(k: Kit): Record<string, z.ZodType> {
  const ref = () => k.obj({ id: id(), url: z.url({ error: "expected a URL" }) });
  const location = () => k.obj({ lat: latitude(), lon: longitude(), accuracy_m: z.number().min(0).nullable().optional() });
  const address = () => k.obj({ name: z.string() }).nullable();
  const dtc = k.obj({ code: id(), description: z.string(), created_at: isoTimestamp() });
  const trip = k.obj({
    id: id(),
    started_at: isoTimestamp(),
    ended_at: isoTimestamp(),
    distance_m: z.number().min(0),
    duration_s: z.number().min(0),
    start_location: location(),
    end_location: location(),
    start_address: address(),
    end_address: address(),
    fuel_cost_usd: z.number().nullable(),
    hard_brakes: count(),
    hard_accels: count(),
  });

  const extra: Record<string, Shape> = {
    "trip:finished": { trip },
    "notification:speeding": { velocity_kph: z.number().min(0) },
    "notification:hard_brake": { g_force: z.number() },
    "notification:hard_accel": { g_force: z.number() },
    "mil:on": { dtcs: z.array(dtc) },
    "mil:off": { dtcs: z.array(dtc), user_cleared: z.boolean() },
  };

  const out: Record<string, z.ZodType> = {};
  for (const type of AUTOMATIC_EVENTS) {
    const legacy = AUTOMATIC_LEGACY.includes(type) ? " (seen by older apps)" : "";
    out[type] = k.obj(
      {
        id: id(),
        type: z.literal(type),
        created_at: isoTimestamp(),
        time_zone: z.string().min(1).nullable(),
        user: ref(),
        vehicle: ref(),
        device: k.obj({ id: id() }),
        location: location(),
        ...extra[type],
      },
      `Automatic real-time event "${type}"${legacy}. Events can arrive hours or days late and more than once: dedupe on id.`,
    );
  }
  return out;
}

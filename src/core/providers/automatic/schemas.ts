/** Automatic's real-time events (seed 000). zod comes from the Kit (types only here). */
import type { z } from "zod";
import type { Kit, Shape } from "../../schemas/common.js";
import type { SchemaSet } from "../types.js";
import { AUTOMATIC_EVENTS, AUTOMATIC_LEGACY } from "./index.js";

export function automaticSchemas(k: Kit): Record<string, z.ZodType> {
  const { z, count, id, isoTimestamp, latitude, longitude } = k;
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

export const schemaSet: SchemaSet = { events: automaticSchemas };

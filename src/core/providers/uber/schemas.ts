/** Uber's realtime driver status change webhook (seed 001). zod comes from the Kit (types only here). */
import type { z } from "zod";
import type { Kit } from "../../schemas/common.js";
import type { SchemaSet } from "../types.js";
import { UBER_EVENT, UBER_STATUSES } from "./index.js";

/** 2001-09-09 in milliseconds: anything smaller is seconds (or garbage), not Unix milliseconds. */
const MS_MIN = 1e12;
const MS_MAX = 1e13 - 1;
const S_MIN = 1e9;
const S_MAX = 1e10 - 1;

function unixMs({ z }: Kit): z.ZodNumber {
  return z
    .number()
    .int("expected Unix milliseconds (an integer)")
    .min(MS_MIN, {
      error: (iss) =>
        typeof iss.input === "number" && iss.input >= S_MIN && iss.input <= S_MAX
          ? `expected Unix milliseconds (13 digits); ${iss.input} looks like seconds`
          : "expected Unix milliseconds (13 digits, e.g. 1697253089123)",
    })
    .max(MS_MAX, "expected Unix milliseconds (13 digits, e.g. 1697253089123)");
}

function unixSeconds({ z }: Kit): z.ZodNumber {
  return z
    .number()
    .int("expected Unix seconds (an integer)")
    .min(S_MIN, "expected Unix seconds (10 digits, e.g. 1699877427)")
    .max(S_MAX, {
      error: (iss) =>
        typeof iss.input === "number" && iss.input >= MS_MIN && iss.input <= MS_MAX
          ? `expected Unix seconds (10 digits); ${iss.input} looks like milliseconds`
          : "expected Unix seconds (10 digits, e.g. 1699877427)",
    });
}

export function uberSchemas(k: Kit): Record<string, z.ZodType> {
  const { z, id, latitude, longitude } = k;
  const schema = k.obj(
    {
      driver_id: id(),
      event_id: id(),
      event_time: unixMs(k),
      event_type: z.literal(UBER_EVENT),
      location: k.obj({ latitude: latitude(), longitude: longitude() }),
      org_id: id(),
      status: z.enum(UBER_STATUSES),
      vehicle_id: id(),
      resource_href: z.url({ error: "expected a URL" }),
      webhook_meta: k.obj({
        client_id: id(),
        webhook_config_id: id(),
        webhook_msg_timestamp: unixSeconds(k),
        webhook_msg_uuid: id(),
      }),
    },
    "Uber realtime driver status change webhook. event_time is Unix milliseconds; webhook_meta.webhook_msg_timestamp is Unix seconds. Dedupe on event_id.",
  );
  return { [UBER_EVENT]: schema };
}

export const schemaSet: SchemaSet = { events: uberSchemas };

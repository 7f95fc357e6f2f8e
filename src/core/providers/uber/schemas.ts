/** Uber's realtime driver status change webhook (seed 001). zod comes from the Kit (types only here). */
import type { z } from "zod";
import type { Kit } from "../../schemas/common.js";
import type { SchemaSet } from "../types.js";
import { UBER_EVENT, UBER_STATUSES } from "./index.js";

export function uberSchemas(k: Kit): Record<string, z.ZodType> {
  const { z, id, latitude, longitude } = k;
  const schema = k.obj(
    {
      driver_id: id(),
      event_id: id(),
      event_time: k.unixMs(),
      event_type: z.literal(UBER_EVENT),
      location: k.obj({ latitude: latitude(), longitude: longitude() }),
      org_id: id(),
      status: z.enum(UBER_STATUSES),
      vehicle_id: id(),
      resource_href: z.url({ error: "expected a URL" }),
      webhook_meta: k.obj({
        client_id: id(),
        webhook_config_id: id(),
        webhook_msg_timestamp: k.unixSeconds(),
        webhook_msg_uuid: id(),
      }),
    },
    "Uber realtime driver status change webhook. event_time is Unix milliseconds; webhook_meta.webhook_msg_timestamp is Unix seconds. Dedupe on event_id.",
  );
  return { [UBER_EVENT]: schema };
}

export const schemaSet: SchemaSet = { events: uberSchemas };

/** What matters about an Uber driver status change (pure, no zod). */
import { parseTime } from "../../time.js";
import { coords, facts, identity, obj, Positions, str } from "../common/read.js";
import type { FactsReader } from "../types.js";

const STATUS: Record<string, string> = {
  DRIVER_STATUS_ONLINE: "online (no active trip)",
  DRIVER_STATUS_OFFLINE: "offline",
  DRIVER_STATUS_ENROUTE: "en route to a pickup",
  DRIVER_STATUS_ONTRIP: "on a trip",
};

export const reader: FactsReader = {
  /** `event_id` is the dedupe key; `event_time` is Unix ms (a value in seconds is read as seconds). */
  identity: (_event, p) => identity(str(p.event_id), parseTime(p.event_time)),
  facts(_event, p) {
    const driver = str(p.driver_id);
    const vehicle = str(p.vehicle_id);
    const who = [driver && `driver ${driver}`, vehicle && `vehicle ${vehicle}`].filter(Boolean).join(", ");
    const status = str(p.status);
    const loc = obj(p.location);
    const where = coords(loc?.latitude, loc?.longitude);
    const summary = [status ? `driver ${STATUS[status] ?? status}` : undefined, where ? `at ${where}` : undefined].filter(Boolean).join(" · ");
    const time = parseTime(p.event_time);
    return facts(str(p.event_id), time, who, summary, new Positions().add(loc?.latitude, loc?.longitude, "at", time).get());
  },
};

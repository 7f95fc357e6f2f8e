/** What matters about an Events Push event (pure, no zod). `Changes` is event-specific (litres for fuel events). */
import { parseTime } from "../../time.js";
import { clip, facts, fixed, identity, num, Positions, str } from "../common/read.js";
import type { FactsReader } from "../types.js";

export const reader: FactsReader = {
  /** No event id (dedupe falls back to the body); the time is the tracker's `Device_Time`. */
  identity: (_event, p) => identity(undefined, parseTime(p.Device_Time)),
  facts(event, p) {
    const imei = str(p.IMEI);
    const changes = num(p.Changes);
    const coordinates = typeof p.Coordinates === "string" ? p.Coordinates.replace(/\s+/g, "") : undefined;
    const location = str(p.Location);
    const geofence = str(p.Geofence_Name);
    const parts: string[] = [];
    switch (event) {
      case "overspeed":
        parts.push(changes !== undefined ? `overspeed by ${fixed(changes)}` : "overspeed");
        break;
      case "fuel_fill":
        parts.push(changes !== undefined ? `fuel filled +${fixed(changes)} L` : "fuel filled");
        break;
      case "fuel_drain":
        parts.push(changes !== undefined ? `fuel drained -${fixed(Math.abs(changes))} L` : "fuel drained");
        break;
      case "geofence_enter":
      case "geofence_exit":
        parts.push(`${event === "geofence_enter" ? "entered" : "left"} ${geofence ? `geofence "${geofence}"` : "a geofence"}`);
        break;
      case "tampering":
        parts.push("device tampering");
        break;
      case "power_cut":
        parts.push("external power cut");
        break;
      case "sos":
        parts.push("SOS alert");
        break;
      default:
        if (event) parts.push(changes !== undefined ? `${event} (${fixed(changes)})` : event);
    }
    if (geofence && event !== "geofence_enter" && event !== "geofence_exit") parts.push(`geofence "${geofence}"`);
    if (location) parts.push(`at ${clip(location, 50)}`);
    else if (coordinates) parts.push(`at ${coordinates}`);
    const time = parseTime(p.Device_Time);
    return facts(undefined, time, imei ? `IMEI ${imei}` : undefined, parts.join(" · "), new Positions().addText(p.Coordinates, "at", time).get());
  },
};

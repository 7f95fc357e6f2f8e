/**
 * Traccar's forwarded events and positions (zod comes from the Kit; types only here). The shapes are
 * the Jackson serialization of Traccar's models (github.com/traccar/traccar src/main/java/org/traccar):
 * forward/EventData.java `{event, position?, device, geofence?, maintenance?}` and
 * forward/PositionData.java `{position, device}`; model/Event.java (+ Message: deviceId, type;
 * ExtendedModel: attributes; BaseModel: id), model/Position.java, model/Device.java,
 * model/Geofence.java (ScheduledModel: calendarId), model/Maintenance.java. Ids are database ids
 * (Java long); speed is in knots.
 */
import type { z } from "zod";
import type { Kit, Shape } from "../../schemas/common.js";
import type { SchemaSet } from "../types.js";
import { POSITION, TRACCAR_EVENTS, WITH_POSITION } from "./index.js";

/** The models, and an event of a type (a literal, or any string for types this list does not know). */
function models(k: Kit) {
  const { z, isoTimestamp, latitude, longitude } = k;
  /** A database id (Java long; 0 where there is none, e.g. an event's geofenceId). */
  const dbId = () => z.number().int("expected an integer id").min(0, "ids are 0 or more");
  /** Free-form attributes (ExtendedModel): whatever the device's protocol decoder or the user set. */
  const attributes = (shape: Shape = {}) => z.object(shape).catchall(z.unknown());
  const text = () => z.string().nullable().optional();
  const time = () => isoTimestamp().nullable().optional();

  const position = k.obj({
    id: dbId().optional(),
    attributes: attributes().optional(),
    deviceId: dbId().optional(),
    protocol: text(),
    serverTime: time(),
    deviceTime: time(),
    fixTime: time(),
    outdated: z.boolean().optional(),
    valid: z.boolean().optional(),
    latitude: latitude(),
    longitude: longitude(),
    altitude: z.number().optional().describe("metres"),
    speed: z.number().min(0, "speed must be 0 or more").optional().describe("knots"),
    course: z.number().min(0).max(360, "course is 0 to 360 degrees").optional().describe("degrees"),
    address: text(),
    accuracy: z.number().min(0).optional().describe("metres"),
    network: z.object({}).catchall(z.unknown()).nullable().optional(),
    geofenceIds: z.array(dbId()).nullable().optional(),
  });

  /** A device as the cache holds it; a GET delivery carries only what its template names. */
  const device = (full: boolean) =>
    k.obj({
      id: full ? dbId() : dbId().optional(),
      attributes: attributes().optional(),
      groupId: dbId().optional(),
      calendarId: dbId().optional(),
      name: full ? z.string() : z.string().optional(),
      uniqueId: full ? k.id() : k.id().optional(),
      status: z.enum(["online", "offline", "unknown"]).optional(),
      lastUpdate: time(),
      positionId: dbId().optional(),
      phone: text(),
      model: text(),
      contact: text(),
      category: text(),
      disabled: z.boolean().optional(),
      expirationTime: time(),
    });

  const geofence = k.obj({
    id: dbId(),
    attributes: attributes().optional(),
    calendarId: dbId().optional(),
    name: z.string(),
    description: text(),
    area: z.string().describe('WKT: "CIRCLE (lat lon, radius)", "POLYGON ((lat lon, …))" or "LINESTRING (…)"'),
  });

  const maintenance = k.obj({
    id: dbId(),
    attributes: attributes().optional(),
    name: z.string(),
    type: z.string().describe("the position attribute it counts, e.g. totalDistance (m) or hours (ms)"),
    start: z.number(),
    period: z.number(),
  });

  /** What Traccar's event handlers put in event.attributes (handler/events/*EventHandler.java). */
  const eventAttributes: Record<string, z.ZodType> = {
    deviceOverspeed: attributes({ speed: z.number().describe("knots"), speedLimit: z.number().describe("knots") }),
    alarm: attributes({ alarm: z.string().min(1).describe("sos, overspeed, hardBraking, powerCut, … (Position.ALARM_*)") }),
    driverChanged: attributes({ driverUniqueId: z.string().min(1) }),
  };

  const event = (type: z.ZodType, name: string) => ({
    event: k.obj({
      id: dbId(),
      attributes: eventAttributes[name] ?? attributes(),
      deviceId: dbId(),
      type,
      eventTime: isoTimestamp(),
      positionId: dbId(),
      geofenceId: dbId().optional(),
      maintenanceId: dbId().optional(),
    }),
    position: WITH_POSITION.has(name) ? position : position.optional(),
    device: device(true),
    geofence: name === "geofenceEnter" || name === "geofenceExit" ? geofence : geofence.optional(),
    maintenance: name === "maintenance" ? maintenance : maintenance.optional(),
  });

  return { position, device, event };
}

export function traccarSchemas(k: Kit): Record<string, z.ZodType> {
  const { position, device, event } = models(k);
  const out: Record<string, z.ZodType> = {};
  for (const name of TRACCAR_EVENTS) {
    if (name === POSITION) {
      out[name] = k.obj(
        { position, device: device(false) },
        "A Traccar position: POSTed as JSON {position, device} (forward.type json), or sent as a GET whose query holds it (forward.type url, the default), read into the same shape. speed in knots. Dedupe on position.id (a GET has none: device and fixTime).",
      );
      continue;
    }
    const older = name === "textMessage" ? " (older Traccar versions)" : "";
    out[name] = k.obj(
      event(k.z.literal(name), name),
      `A Traccar "${name}" event${older}, POSTed as JSON to event.forward.url: {event, position, device, geofence, maintenance}. Not retried by Traccar; dedupe on event.id.`,
    );
  }
  return out;
}

export const schemaSet: SchemaSet = {
  events: traccarSchemas,
  /** Traccar adds event types over versions: another type is validated as an event, with a warning. */
  otherEvents: {
    label: "Traccar",
    schema: (k) => k.obj(models(k).event(k.z.string().min(1), ""), "A Traccar event of a type this version of the catalogue does not list."),
  },
};

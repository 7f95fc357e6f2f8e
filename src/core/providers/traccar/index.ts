/**
 * Traccar (open-source, self-hosted GPS server): its forwarding of events and positions to a URL.
 * Every fact here is from Traccar's source (github.com/traccar/traccar) or its documentation
 * (https://www.traccar.org/forward):
 *
 * - Events (`event.forward.url`, `event.forward.type` json by default): one POST per event, a JSON
 *   `EventData` `{event, position?, device, geofence?, maintenance?}` (forward/EventData.java,
 *   @JsonInclude NON_NULL: a missing position or geofence is left out), sent by
 *   forward/EventForwarderJson.java with `Entity.json` (Content-Type: application/json). Not retried:
 *   a failure is only logged (NotificationManager.forwardEvent).
 * - Positions (`forward.url`, `forward.type`, default "url", config/Keys.java FORWARD_TYPE):
 *   "url" is a GET of forward.url with its placeholders ({uniqueId}, {latitude}, {fixTime}…)
 *   replaced (forward/PositionForwarderUrl.java): the position is in the query string, in whatever
 *   parameters the configured template names (./query.ts). "json" POSTs `PositionData`
 *   `{position, device}` (forward/PositionForwarderJson.java). With `forward.retry.enable`, a failed
 *   position is retried after forward.retry.delay (100 ms), doubling, forward.retry.count (10) times
 *   (handler/PositionForwardingHandler.java, Keys.java).
 * - Nothing is signed: `forward.header` / `event.forward.header` only add fixed headers (Keys.java),
 *   so an Authorization token may be there, but no signature over the body.
 * - Ids are database ids (Java long, JSON numbers); times are ISO 8601 with an offset
 *   (Jackson: `2024-05-10T10:45:34.984+00:00`); speed is in knots (model/Position.java
 *   "value in knots"), altitude and accuracy in metres, course in degrees.
 *
 * Folder: this profile (catalogue, detection, fresh-send rules, the GET query hook); query.ts (GET
 * deliveries), facts.ts, schemas.ts (zod from the Kit) and scenario.ts.
 */
import { headerNames, type HeaderBag } from "../../headers.js";
import type { VerifyResult } from "../../signing/types.js";
import type { CataloguedProvider, FreshRules } from "../types.js";
import { fromPayload, toPayload } from "./query.js";
import { isObject } from "../../values.js";

/**
 * The event types, as model/Event.java names them (TYPE_* constants, current source; `textMessage`
 * is in older versions), then "position": a forwarded position, which names no type of its own.
 */
export const TRACCAR_EVENTS = [
  "deviceOnline",
  "deviceUnknown",
  "deviceOffline",
  "deviceInactive",
  "deviceMoving",
  "deviceStopped",
  "deviceOverspeed",
  "deviceFuelDrop",
  "deviceFuelIncrease",
  "geofenceEnter",
  "geofenceExit",
  "alarm",
  "ignitionOn",
  "ignitionOff",
  "deviceIdle",
  "maintenance",
  "driverChanged",
  "commandResult",
  "queuedCommandSent",
  "textMessage",
  "media",
  "position",
] as const;

/** The name detection gives a forwarded position (`{position, device}`, no event). */
export const POSITION = "position";

/**
 * Events Traccar makes from a position (`new Event(type, position)`: eventTime is the position's
 * deviceTime), so the position is forwarded with them; the others (device status, queued commands)
 * are made from the device alone and come without one (handler/events/*, session/ConnectionManager).
 */
export const WITH_POSITION: ReadonlySet<string> = new Set([
  "deviceMoving",
  "deviceStopped",
  "deviceOverspeed",
  "deviceFuelDrop",
  "deviceFuelIncrease",
  "geofenceEnter",
  "geofenceExit",
  "alarm",
  "ignitionOn",
  "ignitionOff",
  "deviceIdle",
  "maintenance",
  "driverChanged",
  "commandResult",
  "media",
]);

/**
 * An event's time is `event.eventTime` (the position's deviceTime, or the server's clock for
 * status events); a position's is its `fixTime`, then deviceTime, serverTime. Every other ISO time
 * (the device's lastUpdate, a position's serverTime) moves with it. Ids are not renewed: they are
 * JSON numbers, which FreshRules cannot renew (only string ids), so a fixture sent twice keeps its
 * event.id, and listen reports the second as a duplicate (see the scenario, which numbers its own).
 */
export const traccarFresh: FreshRules = {
  anchor: [
    { path: "event.eventTime", unit: "iso" },
    { path: "position.fixTime", unit: "iso" },
    { path: "position.deviceTime", unit: "iso" },
    { path: "position.serverTime", unit: "iso" },
  ],
  // Traccar's ids are numbers (two sequences): a fresh send is a new event at a new position.
  ids: [
    { path: "event.id", make: "int" },
    { path: "position.id", make: "int" },
    { path: "event.positionId", sameAs: "position.id" },
  ],
};


/** `{position, device}` with Traccar's own position fields (a GET delivery read by query.ts has them too). */
function isPosition(p: Record<string, unknown>): boolean {
  const position = p.position;
  const device = p.device;
  if (!isObject(position) || !isObject(device)) return false;
  return "fixTime" in position || "deviceTime" in position || "serverTime" in position || "deviceId" in position || "uniqueId" in device;
}

const UNSIGNED =
  "Traccar does not sign what it forwards: there is nothing to verify. To authenticate it, configure a shared header (forward.header for positions, event.forward.header for events, e.g. \"Authorization: Bearer <token>\") and check it in your app";

/** The headers Traccar adds only when told to (forward.header / event.forward.header), named in the verdict. */
const CONFIGURED = ["authorization", "x-api-key", "x-auth-token", "api-key", "x-token"];

function verifyUnsigned(headers: HeaderBag): VerifyResult {
  const diagnoses = [{ code: "unsigned" as const, message: UNSIGNED }];
  const extra = headerNames(headers).filter((h) => CONFIGURED.includes(h.toLowerCase()));
  if (extra.length) {
    diagnoses.push({
      code: "unsigned",
      message: `the request carries ${extra.join(", ")}: Traccar sends such a header only as configured in forward.header / event.forward.header, verbatim on every request; it is a shared token (compare it in your app), not a signature of the body`,
    });
  }
  return { provider: "traccar", verdict: "unsigned", valid: false, reason: "unsigned", message: UNSIGNED, diagnoses };
}

export const traccar: CataloguedProvider = {
  name: "traccar",
  title: "Traccar",
  auth: "unsigned",
  secretName: "forward.header token (Traccar signs nothing)",
  secretRequired: false,
  authHeaders: [],
  signatureHeader: () => undefined,
  describe: () => "unsigned: events POSTed as JSON (event.forward.url), positions as a GET query (forward.type url, the default) or JSON (forward.type json); forward.header may add a fixed token",
  // EventForwarderJson: Entity.json; PositionForwarderJson: application/json unless forward.header sets Content-Type.
  sign: () => ({ "Content-Type": "application/json" }),
  verify: (input) => verifyUnsigned(input.headers),
  devSecret: () => undefined,
  timestamped: false,
  events: {
    typeField: "event.type",
    names: TRACCAR_EVENTS,
    /**
     * An `event` object with a string `type` and Traccar's `eventTime` (`serverTime` before 4.x) or
     * `deviceId`: its type. Else `{position, device}` without an event: "position". Zubie's `event`
     * is a string and Automatic's `type` is top-level, so neither shape is theirs.
     */
    detect(p) {
      const event = p.event;
      if (isObject(event)) return typeof event.type === "string" && ("eventTime" in event || "serverTime" in event || "deviceId" in event) ? event.type : undefined;
      return event === undefined && isPosition(p) ? POSITION : undefined;
    },
    evidence: "shared",
    rule: "Traccar `event.type` with `eventTime`, or `position` with `device`",
    loadSchemas: () => import("./schemas.js").then((m) => m.schemaSet),
  },
  loadFacts: () => import("./facts.js").then((m) => m.reader),
  fresh: traccarFresh,
  /**
   * Position forwarding with forward.retry.enable: forward.retry.delay (default 100 ms) doubled on
   * each failure, forward.retry.count (default 10) retries (PositionForwardingHandler.schedule:
   * retryDelay * 2^retries). Events are never retried.
   */
  retrySchedule: [100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600, 51_200],
  exampleFixture: "traccar/deviceOverspeed",
  loadScenarios: () => import("./scenario.js").then((m) => [m.traccarTrip]),
  query: { toPayload, fromPayload, exampleFixture: "traccar/position" },
};

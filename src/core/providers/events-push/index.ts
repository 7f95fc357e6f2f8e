/**
 * GPS-tracker "Events Push API" (seed 002): an optional `Authorization: Bearer <token>`, no
 * signature over the body. Events name themselves in `Event`; the documents call the list
 * indicative, so other names are validated by shape, with a warning (schemas.ts).
 *
 * Folder: this profile (catalogue, fresh-send rules); signing.ts (the bearer token); facts.ts,
 * schemas.ts (zod from the Kit) and scenario.ts are loaded when asked for.
 */
import { randomBase64 } from "../common/random.js";
import type { CataloguedProvider } from "../types.js";
import { bearerSigning } from "./signing.js";

export const EVENTS_PUSH_EVENTS = ["overspeed", "fuel_fill", "fuel_drain", "geofence_enter", "geofence_exit", "tampering", "power_cut", "sos"] as const;

/** `YYYY-MM-DDTHH:MM:SS.SSSSSS+0000`: all timestamps are UTC. */
export const PUSH_TIME = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}\+0000$/;

export const eventsPush: CataloguedProvider = {
  name: "events-push",
  title: "Events Push API",
  ...bearerSigning,
  devSecret: (randomBytes) => randomBase64(randomBytes, 32, true),
  events: {
    typeField: "Event",
    names: EVENTS_PUSH_EVENTS,
    /** `IMEI` and `Event` together: the event type is `Event` ("" when it is not a string). */
    detect(p) {
      if (!("IMEI" in p && "Event" in p)) return undefined;
      return typeof p.Event === "string" ? p.Event : "";
    },
    evidence: "unique",
    rule: "Events Push `Event` with `IMEI`",
    loadSchemas: () => import("./schemas.js").then((m) => m.schemaSet),
  },
  loadFacts: () => import("./facts.js").then((m) => m.reader),
  // The platform pushes when its server has the event: Server_Time is the latest time in it.
  fresh: { anchor: [{ path: "Server_Time", unit: "iso" }] },
  exampleFixture: "events-push/overspeed",
  loadScenarios: () => import("./scenario.js").then((m) => [m.eventsPushRun]),
};

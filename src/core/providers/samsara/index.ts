/**
 * Samsara (fleet platform), Webhooks 2.0: event subscriptions and alert incidents. Every body is
 * `{eventId, eventTime (ISO 8601), eventType, orgId, webhookId, data}` (Samsara's event schema
 * pages, e.g. https://developers.samsara.com/docs/geofenceexit, .../enginefaulton,
 * .../severespeedingstarted, .../vehicleupdated, .../alert-webhook-payload); the signature is
 * Samsara's v1 HMAC over the timestamp and the body (./signing.ts).
 *
 * Retries: Samsara's documents, as far as they could be read here, say failed notifications are
 * retried with exponential backoff but publish no schedule, so `send --retry` uses the generic
 * exponential backoff with full jitter (no retrySchedule).
 *
 * Folder: this profile (catalogue, fresh-send rules); signing.ts; facts.ts, schemas.ts (zod from the
 * Kit) and scenario.ts are loaded when asked for.
 */
import type { CataloguedProvider } from "../types.js";
import { samsaraSigning, REQUEST_HEADER, TIMESTAMP_HEADER } from "./signing.js";

export { samsaraKey, DEFAULT_TOLERANCE_SECONDS as SAMSARA_TOLERANCE_SECONDS } from "./signing.js";

/**
 * The event types with a schema here: those of Samsara's event catalogue (the SDKs'
 * src/Samsara.Net/Webhooks/Types/WebhooksPostWebhooksRequestBodyEventTypesItem.cs in samsarahq/samsara-dotnet) that fleet integrations
 * meet most. Samsara has more (AddressCreated, DocumentSubmitted, FormSubmitted, …): those are
 * validated by the common envelope, with a warning.
 */
export const SAMSARA_EVENTS = [
  "GeofenceEntry",
  "GeofenceExit",
  "EngineFaultOn",
  "EngineFaultOff",
  "VehicleCreated",
  "VehicleUpdated",
  "DriverCreated",
  "DriverUpdated",
  "AlertIncident",
  "DvirSubmitted",
  "RouteStopArrival",
  "RouteStopDeparture",
  "SevereSpeedingStarted",
  "SevereSpeedingEnded",
  "SuddenFuelLevelDrop",
  "GatewayUnplugged",
] as const;

/** Listed by Samsara, but no payload example was available to model their `data` on. */
export const SAMSARA_WITHOUT_SAMPLE: readonly string[] = ["SuddenFuelLevelDrop", "GatewayUnplugged"];

export const samsara: CataloguedProvider = {
  name: "samsara",
  title: "Samsara",
  ...samsaraSigning,
  /** Samsara's secret keys are base64 (the SDK decodes them with Convert.FromBase64String). */
  devSecret: (randomBytes) => Buffer.from(randomBytes(32)).toString("base64"),
  deliveryIdHeader: REQUEST_HEADER,
  timestampHeader: TIMESTAMP_HEADER,
  /** A request id for X-Samsara-Request (a UUID). */
  newDeliveryId(randomBytes) {
    const h = Buffer.from(randomBytes(16)).toString("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20)}`;
  },
  events: {
    typeField: "eventType",
    names: SAMSARA_EVENTS,
    /** `eventType` with `eventId` and `orgId`, and `eventTime` or `webhookId` (the 2.0 envelope). */
    detect(p) {
      const t = p.eventType;
      return typeof t === "string" && typeof p.eventId === "string" && "orgId" in p && ("eventTime" in p || "webhookId" in p) ? t : undefined;
    },
    evidence: "unique",
    rule: "Samsara `eventType` with `orgId`",
    loadSchemas: () => import("./schemas.js").then((m) => m.schemaSet),
  },
  loadFacts: () => import("./facts.js").then((m) => m.reader),
  // eventTime is the event's; every other time in it moves with it. Each send is a new event.
  fresh: { anchor: [{ path: "eventTime", unit: "iso" }], ids: [{ path: "eventId", make: "uuid" }] },
  exampleFixture: "samsara/geofence_entry",
  loadScenarios: () => import("./scenario.js").then((m) => [m.samsaraRoute]),
};

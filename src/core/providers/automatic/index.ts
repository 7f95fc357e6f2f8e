/**
 * Automatic (seed 000): webhooks carried the event objects unsigned. The real-time websocket feed
 * authenticates with `token=<client_id>:<client_secret>` in the URL (used by `tail`). Events name
 * themselves in `type` ("trip:finished").
 *
 * Folder: this profile (catalogue, fresh-send rules); facts.ts, schemas.ts (zod from the Kit) and
 * scenario.ts are loaded when asked for.
 */
import type { CataloguedProvider, FreshRules } from "../types.js";

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

/** Anchored on `created_at` (ISO UTC); each send is a new event `id` (`E_…`, same shape). */
export const automaticFresh: FreshRules = {
  anchor: [{ path: "created_at", unit: "iso" }],
  ids: [{ path: "id", make: "like" }],
};

const UNSIGNED = "Automatic webhooks are not signed: there is nothing to verify (its websocket feed authenticates with client_id:client_secret, see `telematics tail`)";

export const automatic: CataloguedProvider = {
  name: "automatic",
  title: "Automatic",
  auth: "unsigned",
  secretName: "client_id:client_secret",
  secretRequired: false,
  authHeaders: [],
  signatureHeader: () => undefined,
  describe: () => "webhooks unsigned; websocket feed authenticates with ?token=client_id:client_secret",
  sign: () => ({ "Content-Type": "application/json" }),
  verify: () => ({ provider: "automatic", verdict: "unsigned", valid: false, reason: "unsigned", message: UNSIGNED, diagnoses: [{ code: "unsigned", message: UNSIGNED }] }),
  devSecret: () => undefined,
  timestamped: false,
  events: {
    typeField: "type",
    names: AUTOMATIC_EVENTS,
    /** `type` with a colon ("trip:finished"), in a payload with `id`, `created_at` or `user`. */
    detect(p) {
      const type = p.type;
      return typeof type === "string" && type.includes(":") && ("id" in p || "created_at" in p || "user" in p) ? type : undefined;
    },
    evidence: "shared",
    rule: 'Automatic `type` such as "trip:finished" with `id`/`created_at`',
    loadSchemas: () => import("./schemas.js").then((m) => m.schemaSet),
  },
  loadFacts: () => import("./facts.js").then((m) => m.reader),
  fresh: automaticFresh,
  exampleFixture: "automatic/trip_finished",
  loadScenarios: () => import("./scenario.js").then((m) => [m.automaticDrive]),
};

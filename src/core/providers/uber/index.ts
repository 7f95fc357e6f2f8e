/**
 * Uber realtime driver status webhook (seed 001): X-Uber-Signature = lowercase hex of
 * HMAC-SHA256(client secret, raw body); upper-case hex is accepted too. Uber also sends
 * X-Environment (production | sandbox); we sign as sandbox. Retries: 30 s, then doubling, 7 retries.
 *
 * Folder: this profile (signing, catalogue, fresh-send rules); facts.ts, schemas.ts (zod from the
 * Kit) and scenario.ts are loaded when asked for.
 */
import { hmacSigning } from "../common/hmac.js";
import { randomText } from "../common/random.js";
import type { CataloguedProvider } from "../types.js";

export const UBER_EVENT = "REALTIME_DRIVER_STATUS_CHANGE";
export const UBER_STATUSES = ["DRIVER_STATUS_ONLINE", "DRIVER_STATUS_OFFLINE", "DRIVER_STATUS_ENROUTE", "DRIVER_STATUS_ONTRIP"] as const;

export const uber: CataloguedProvider = {
  name: "uber",
  title: "Uber",
  ...hmacSigning({
    name: "uber",
    title: "Uber",
    secretName: "client secret",
    header: "X-Uber-Signature",
    algorithm: "sha256",
    encoding: "hex",
    extraHeaders: { "X-Environment": "sandbox" },
  }),
  devSecret: (randomBytes) => randomText(randomBytes, 40),
  events: {
    typeField: "event_type",
    names: [UBER_EVENT],
    /** A string `event_type`: no other provider sends that field. */
    detect: (p) => (typeof p.event_type === "string" ? p.event_type : undefined),
    evidence: "unique",
    rule: "Uber `event_type`",
    loadSchemas: () => import("./schemas.js").then((m) => m.schemaSet),
  },
  loadFacts: () => import("./facts.js").then((m) => m.reader),
  fresh: {
    // event_time is Unix ms and moves with the event; the webhook is stamped when it is sent.
    anchor: [{ path: "event_time", unit: "ms" }],
    numericTimes: [
      { path: "event_time", unit: "ms", to: "shift" },
      { path: "webhook_meta.webhook_msg_timestamp", unit: "s", to: "now" },
    ],
    ids: [
      { path: "event_id", make: "uuid" },
      { path: "webhook_meta.webhook_msg_uuid", make: "uuid" },
    ],
  },
  /** 30 s, then doubling: 7 retries. */
  retrySchedule: [30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000],
  exampleFixture: "uber/driver_online",
  loadScenarios: () => import("./scenario.js").then((m) => [m.uberShift]),
};

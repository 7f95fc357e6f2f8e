/**
 * Smartcar webhook payloads, v4 (and the 2.0 VERIFY), from Smartcar's event reference:
 * https://smartcar.com/docs/api-reference/webhooks/events/vehicle-state,
 * https://smartcar.com/docs/api-reference/webhooks/events/vehicle-error and
 * https://smartcar.com/docs/integrations/webhooks/callback-verification.
 * zod comes from the Kit (this file imports its types only).
 */
import type { z } from "zod";
import type { Kit } from "../../schemas/common.js";
import type { SchemaSet } from "../types.js";

function parts(k: Kit) {
  const { z, id } = k;
  /** Signal and trigger references: `code` is the kebab-case signal id (FIRST_DELIVERY has only it). */
  const signalRef = k.obj({ code: id(), name: z.string().optional(), group: z.string().optional() });
  const signal = k.obj(
    {
      code: id(),
      name: z.string(),
      group: z.string(),
      // A signal carries a `body` (its value, shape per signal) or a `status` with the error.
      body: z.record(z.string(), z.unknown()).optional(),
      status: k.obj({ value: z.string(), error: k.obj({ code: z.string(), type: z.string() }).optional() }).optional(),
      meta: k.obj({ oemUpdatedAt: k.unixMs().optional(), fetchedAt: k.unixMs().optional(), retrievedAt: k.unixMs().optional() }).optional(),
    },
    "One signal: body (e.g. { unit: percent, value: 78 }, { latitude, longitude }) or status.error",
  );
  const error = k.obj({
    type: z.enum(["CONNECTED_SERVICES_ACCOUNT", "VEHICLE_STATE", "COMPATIBILITY", "PERMISSION"]),
    code: z.string().nullable(),
    state: z.enum(["ERROR", "RESOLVED"]),
    description: z.string(),
    suggestedUserMessage: z.string().optional(),
    docURL: z.string().optional(),
    resolution: k.obj({ type: z.string() }).optional(),
    signals: z.array(signalRef).optional(),
  });
  const meta = (extra: Record<string, z.ZodType> = {}) =>
    k.obj({
      version: z.string(),
      deliveryId: id(),
      // Unix ms in the delivery reference; the VERIFY example shows an ISO 8601 string.
      deliveredAt: z.union([k.unixMs(), k.isoTimestamp()]),
      webhookId: id(),
      webhookName: z.string(),
      mode: z.string().optional(),
      ...extra,
    });
  const vehicle = k.obj({ id: id(), make: z.string(), model: z.string(), year: z.number().int() });
  return { signalRef, signal, error, meta, vehicle, user: k.obj({ id: id() }) };
}

export function smartcarSchemas(k: Kit): Record<string, z.ZodType> {
  const { z, id } = k;
  const p = parts(k);
  const verifyV4 = k.obj(
    { eventId: id(), eventType: z.literal("VERIFY"), data: k.obj({ challenge: id() }), meta: p.meta() },
    "Smartcar VERIFY (v4): answer 200 with {\"challenge\": hex(HMAC-SHA256(application management token, data.challenge))}",
  );
  const verifyV2 = k.obj(
    { version: z.literal("2.0"), webhookId: id(), eventName: z.literal("verify"), payload: k.obj({ challenge: id() }) },
    "Smartcar VERIFY (2.0): answer 200 with {\"challenge\": hex(HMAC-SHA256(application management token, payload.challenge))}",
  );
  const event = (type: string, data: Record<string, z.ZodType>, meta: z.ZodType, description: string) =>
    k.obj({ eventId: id(), eventType: z.literal(type), vehicleId: id(), data: k.obj({ user: p.user, vehicle: p.vehicle, ...data }), meta }, description);
  return {
    VERIFY: z.union([verifyV4, verifyV2]),
    VEHICLE_STATE: event(
      "VEHICLE_STATE",
      { triggers: z.array(p.signalRef), signals: z.array(p.signal) },
      p.meta({ signalCount: k.count().optional() }),
      "Smartcar VEHICLE_STATE: every subscribed signal when a trigger changed. Dedupe on eventId (the same across retries); meta.deliveryId changes per attempt.",
    ),
    VEHICLE_ERROR: event(
      "VEHICLE_ERROR",
      { errors: z.array(p.error).min(1, "errors must hold at least one error") },
      p.meta(),
      "Smartcar VEHICLE_ERROR: signal retrieval errors, and their resolution (state RESOLVED). Dedupe on eventId.",
    ),
  };
}

/** Events outside the catalogue (2.0 events other than verify): the common envelope. */
function otherSmartcar(k: Kit): z.ZodType {
  const { z, id } = k;
  return z.union([
    k.obj({ eventId: id(), eventType: z.string(), data: z.record(z.string(), z.unknown()), meta: parts(k).meta() }, "A Smartcar v4 event of another type"),
    k.obj({ version: z.string(), webhookId: id(), eventName: z.string(), payload: z.record(z.string(), z.unknown()) }, "A Smartcar 2.0 event"),
  ]);
}

export const schemaSet: SchemaSet = { events: smartcarSchemas, otherEvents: { label: "Smartcar", schema: otherSmartcar } };

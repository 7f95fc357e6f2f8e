/**
 * Which provider and event a payload is (pure, and without zod: tail and listen need detection on
 * every event but the schemas only when validating, and zod costs ~65 ms to load). Each provider's
 * rule is in its catalogue (src/core/providers/<name>/events.ts): rules keyed on a field only that
 * provider sends are tried first (Uber `event_type`, Events Push `IMEI`), then those keyed on a
 * common name (Zubie `event`, Automatic `type`), each in registry order.
 */
import { providers, schemaProviders, type SchemaProvider } from "../providers/index.js";
import type { EventCatalogue } from "../providers/types.js";
import { isObject } from "../values.js";

export { ZUBIE_EVENTS } from "../providers/zubie/index.js";
export type { SchemaProvider } from "../providers/index.js";

/** The providers with event schemas, in registry order. */
export const SCHEMA_PROVIDERS: readonly SchemaProvider[] = schemaProviders;

export interface EventRef {
  provider: SchemaProvider;
  /** The provider's own type string: trip_end, REALTIME_DRIVER_STATUS_CHANGE, overspeed, trip:finished. */
  event: string;
}

const catalogue = (p: SchemaProvider): EventCatalogue => providers[p].events;

/** The rules in the order they are tried. */
const ORDER: readonly SchemaProvider[] = [
  ...SCHEMA_PROVIDERS.filter((p) => catalogue(p).evidence === "unique"),
  ...SCHEMA_PROVIDERS.filter((p) => catalogue(p).evidence !== "unique"),
];

type Detector = (payload: Record<string, unknown>) => EventRef | undefined;

/**
 * The rules as one chain of closures, each calling one provider's rule: every call site sees one
 * function (tail detects every event; a loop over the rules was several times slower).
 */
const chain: Detector = ORDER.reduceRight<Detector>((next, provider) => {
  const detect = catalogue(provider).detect;
  return (payload) => {
    const event = detect(payload);
    return event !== undefined ? { provider, event } : next(payload);
  };
}, () => undefined);

/** The provider and event type of a payload, from the provider's own type field; undefined if none fits. */
export function detectEvent(payload: unknown): EventRef | undefined {
  return isObject(payload) ? chain(payload) : undefined;
}

/** What detection looks for, in words (for "not an event of a known provider"). */
export function detectionRules(): string {
  return SCHEMA_PROVIDERS.map((p) => catalogue(p).rule).join(", ");
}

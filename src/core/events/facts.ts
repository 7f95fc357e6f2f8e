/**
 * What matters about one event, read from its payload (pure, no zod): the provider's event id (the
 * dedupe key), the event's own time (for lateness), who it is about (vehicle, device or driver), a
 * one-line summary of its content and the positions it carries. `listen` and `tail` use these to
 * dedupe, to flag late events and to print one readable block per event (src/io/render.ts).
 *
 * Each provider reads its own payloads (src/core/providers/<name>/facts.ts); these entry points
 * dispatch through the profile. Every field is optional: a payload that lacks a value, or carries a
 * malformed one, simply yields less. Nothing here throws, whatever the payload.
 */
import { loadFactsReaders } from "../providers/index.js";
import { facts, identity, str, type Obj } from "../providers/common/read.js";
import type { EventFacts, FactsReader } from "../providers/types.js";
import { parseTime } from "../time.js";
import { isObject } from "../values.js";

export { parseTime };
export { clip } from "../providers/common/read.js";
export type { EventFacts, Position } from "../providers/types.js";

/** Which provider and event a payload is (what detectEvent found; any provider name is accepted). */
export interface FactsRef {
  provider: string;
  event: string;
}

/** Every provider's reader (src/core/providers/<name>/facts.ts), loaded once with this module. */
const READERS = await loadFactsReaders();

/** The last reader looked up: a feed or a listener mostly carries one provider's events. */
let lastName: string | undefined;
let lastReader: FactsReader | undefined;

function readerOf(ref: FactsRef | undefined): FactsReader | undefined {
  if (ref === undefined) return undefined;
  if (ref.provider !== lastName) {
    lastName = ref.provider;
    lastReader = READERS.get(ref.provider);
  }
  return lastReader;
}

/** Without a known provider: a top-level `id` and a common time field. */
function genericId(p: Obj): string | undefined {
  return typeof p.id === "string" || typeof p.id === "number" ? str(p.id) : undefined;
}

function genericTime(p: Obj): number | undefined {
  return parseTime(p.timestamp) ?? parseTime(p.created_at) ?? parseTime(p.event_time) ?? parseTime(p.time);
}

/**
 * The facts of one event. `ref` is what detectEvent (src/core/schemas) found; without it (or for a
 * provider that reads no payloads of its own) only a top-level `id` and a common time field are read.
 */
export function eventFacts(ref: FactsRef | undefined, payload: unknown): EventFacts {
  if (!isObject(payload)) return {};
  const reader = readerOf(ref);
  return reader ? reader.facts(ref!.event, payload) : facts(genericId(payload), genericTime(payload), undefined, undefined);
}

/**
 * Only the dedupe key and the event time — what `tail --json` needs per event — without building
 * the `who`, `summary` and `positions` (which cost as much as parsing the event at 100k events).
 */
export function eventIdentity(ref: FactsRef | undefined, payload: unknown): Pick<EventFacts, "id" | "time"> {
  if (!isObject(payload)) return {};
  const reader = readerOf(ref);
  return reader ? reader.identity(ref!.event, payload) : identity(genericId(payload), genericTime(payload));
}

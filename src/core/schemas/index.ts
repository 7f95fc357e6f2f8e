/**
 * Event schemas and validation (pure). A payload is matched to ONE schema — found from its
 * provider's own event-type field (detect.ts), or forced with `--schema provider/event` — so that
 * errors are about that event, not a union of every event the tool knows.
 *
 * The schemas live in the provider folders (src/core/providers/<name>/schemas.ts) as functions of a
 * Kit; this module, loaded only where events are validated, is the one that loads zod, builds the
 * Kit and calls each catalogue's builder, found through the provider registry.
 */
import { z } from "zod";
import { UsageError } from "../errors.js";
import { loadSchemaSets, providers } from "../providers/index.js";
import type { EventCatalogue } from "../providers/types.js";
import { kit, PATTERN_LABELS } from "./common.js";
import { compile, type Predicate } from "./compile.js";
import { detectEvent, detectionRules, SCHEMA_PROVIDERS, type EventRef, type SchemaProvider } from "./detect.js";
import { isObject, valueAt } from "../values.js";

export { luhnValid, luhnCheckDigit } from "./common.js";
export { ZUBIE_EVENTS } from "../providers/zubie/index.js";
export { UBER_EVENT, UBER_STATUSES } from "../providers/uber/index.js";
export { EVENTS_PUSH_EVENTS } from "../providers/events-push/index.js";
export { AUTOMATIC_EVENTS } from "../providers/automatic/index.js";
export { detectEvent, SCHEMA_PROVIDERS, type EventRef, type SchemaProvider } from "./detect.js";

export interface Issue {
  /** JSON path to the offending value ([] = the payload itself). */
  path: (string | number)[];
  message: string;
  expected?: string;
  found?: string;
}

export interface Validation {
  ref?: EventRef;
  valid: boolean;
  errors: Issue[];
  warnings: Issue[];
}

export interface ValidateOptions {
  /** Validate against this schema instead of the detected one. */
  schema?: EventRef;
  /** Report fields the schema does not know, as warnings. */
  strict?: boolean;
}

const catalogue = (p: SchemaProvider): EventCatalogue => providers[p].events;

/** The field that names the event type, per provider (from its catalogue). */
export const TYPE_FIELD = Object.fromEntries(SCHEMA_PROVIDERS.map((p) => [p, catalogue(p).typeField])) as Record<SchemaProvider, string>;

/** Every catalogue's schema builders, loaded once with this module (zod itself is loaded here). */
const SETS = await loadSchemaSets();

const EVENTS = Object.fromEntries(SCHEMA_PROVIDERS.map((p) => [p, catalogue(p).names])) as Record<SchemaProvider, readonly string[]>;

// ── Registry (built on first use) ─────────────────────────────────────────────────────────────

interface Registry {
  schemas: Record<SchemaProvider, Record<string, z.ZodType>>;
  /** Catalogues whose list is indicative: the schema for the other names. */
  other: Partial<Record<SchemaProvider, z.ZodType>>;
}

let looseRegistry: Registry | undefined;
const compiled = new WeakMap<z.ZodType, Predicate>();

/** The compiled predicate of a schema (compile.ts), built on first use. */
function fastCheck(schema: z.ZodType): Predicate {
  let p = compiled.get(schema);
  if (!p) {
    p = compile(schema);
    compiled.set(schema, p);
  }
  return p;
}
let strictRegistry: Registry | undefined;

function build(strict: boolean): Registry {
  const k = kit(strict);
  const schemas = {} as Registry["schemas"];
  const other: Registry["other"] = {};
  for (const p of SCHEMA_PROVIDERS) {
    const set = SETS[p];
    schemas[p] = set.events(k);
    if (set.otherEvents) other[p] = set.otherEvents.schema(k);
  }
  return { schemas, other };
}

function registry(strict = false): Registry {
  if (strict) return (strictRegistry ??= build(true));
  return (looseRegistry ??= build(false));
}

/** Every schema, provider by provider, in catalogue order. */
export function listSchemas(): EventRef[] {
  const refs: EventRef[] = [];
  for (const provider of SCHEMA_PROVIDERS) for (const event of EVENTS[provider]) refs.push({ provider, event });
  return refs;
}

export function refId(ref: EventRef): string {
  return `${ref.provider}/${ref.event}`;
}

/** The zod schema of one event (the default, loose variant, or the strict one). */
export function getSchema(ref: EventRef, strict = false): z.ZodType | undefined {
  return registry(strict).schemas[ref.provider]?.[ref.event];
}

/** The schema's one-line description (what it is, and the rules it cannot export). */
export function describeSchema(ref: EventRef): string {
  return registry().schemas[ref.provider]?.[ref.event]?.description ?? "";
}

/**
 * `provider/event` → EventRef. The event may be spelled as in the payload (trip:finished) or as a
 * fixture file name (trip_finished); a provider with one schema (uber) may be given alone.
 */
export function parseSchemaRef(text: string, label = "--schema"): EventRef {
  const [p, ...rest] = text.split("/");
  const provider = SCHEMA_PROVIDERS.find((x) => x === p?.toLowerCase());
  if (!provider) throw new UsageError(`${label} ${text}: unknown provider "${p ?? ""}" (expected provider/event with provider one of ${SCHEMA_PROVIDERS.join(", ")})`);
  const events = EVENTS[provider];
  const wanted = rest.join("/");
  if (wanted === "" && events.length === 1) return { provider, event: events[0]! };
  const event = events.find((e) => e === wanted) ?? events.find((e) => e.toLowerCase() === wanted.toLowerCase() || e.replace(":", "_") === wanted);
  if (!event) {
    throw new UsageError(`${label} ${text}: unknown ${provider} event "${wanted}" (known: ${events.join(", ")}; run \`telematics schemas\` to list all)`);
  }
  return { provider, event };
}

// ── Validation ────────────────────────────────────────────────────────────────────────────────

/**
 * Validates one parsed payload. The happy path is one detection and one call of the schema's
 * compiled check (compile.ts), which allocates nothing; zod runs, and issues are built, only when
 * that check fails.
 */
export function validateEvent(payload: unknown, options: ValidateOptions = {}): Validation {
  const ref = options.schema ?? detectEvent(payload);
  if (!ref) {
    const found = describeValue(payload);
    const message = isObject(payload) ? `not an event of a known provider (looked for ${detectionRules()}); use --schema provider/event to choose one` : `expected a JSON object (an event), found ${found}`;
    return { valid: false, errors: [{ path: [], message, expected: "an event object", found }], warnings: [] };
  }
  const reg = registry();
  const warnings: Issue[] = [];
  let schema = reg.schemas[ref.provider]?.[ref.event];
  if (!schema) {
    // The type field may be a path (Traccar's `event.type`).
    const field = TYPE_FIELD[ref.provider].split(".");
    const other = SETS[ref.provider].otherEvents;
    const otherSchema = reg.other[ref.provider];
    if (other && otherSchema && ref.event !== "" && !options.schema) {
      // The list is "indicative" (Events Push): validate the shape, flag the type.
      schema = otherSchema;
      warnings.push({ path: field, message: `"${ref.event}" is not one of the documented ${other.label} events (${EVENTS[ref.provider].join(", ")})`, found: JSON.stringify(ref.event) });
    } else if (otherSchema && ref.event === "") {
      schema = otherSchema;
    } else {
      const known = EVENTS[ref.provider];
      return {
        ref,
        valid: false,
        errors: [{ path: field, message: `unknown ${ref.provider} event type "${ref.event}" (known: ${known.join(", ")})`, expected: `one of ${known.join(", ")}`, found: JSON.stringify(ref.event) }],
        warnings,
      };
    }
  }
  let errors: Issue[] = [];
  if (!fastCheck(schema)(payload)) {
    const result = schema.safeParse(payload);
    if (!result.success) errors = toIssues(result.error.issues, payload, [], false);
  }
  if (options.strict) {
    const strictSchema = registry(true).schemas[ref.provider]?.[ref.event] ?? registry(true).other[ref.provider]!;
    const strictResult = strictSchema.safeParse(payload);
    if (!strictResult.success) warnings.push(...toIssues(strictResult.error.issues, payload, [], true));
  }
  return { ref, valid: errors.length === 0, errors, warnings };
}

type ZodIssue = z.core.$ZodIssue;

/** Zod issues → our issues; `extrasOnly` keeps only unknown-field reports (for --strict warnings). */
function toIssues(issues: readonly ZodIssue[], payload: unknown, base: (string | number)[], extrasOnly: boolean): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const path = [...base, ...(issue.path as (string | number)[])];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      // Report the branch that came closest, not every branch's complaints.
      const best = bestBranch(issue.errors);
      out.push(...toIssues(best, payload, path, extrasOnly));
      continue;
    }
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push({ path: [...path, key], message: `unexpected field "${key}" (not in the schema)`, found: describeValue(valueAt(payload, [...path, key])) });
      continue;
    }
    if (extrasOnly) continue;
    out.push(describeIssue(issue, path, payload));
  }
  return out;
}

function bestBranch(branches: readonly (readonly ZodIssue[])[]): readonly ZodIssue[] {
  let best = branches[0]!;
  let bestScore = Infinity;
  for (const branch of branches) {
    // Unknown fields are the mildest complaint: weigh them less than real errors.
    let score = 0;
    for (const i of branch) score += i.code === "unrecognized_keys" ? 0.1 : 1;
    if (score < bestScore) {
      bestScore = score;
      best = branch;
    }
  }
  return best;
}

const FORMAT_EXPECTED: Record<string, string> = {
  datetime: "ISO 8601 timestamp with offset",
  date: "date YYYY-MM-DD",
  url: "URL",
};

function describeIssue(issue: ZodIssue, path: (string | number)[], payload: unknown): Issue {
  const value = valueAt(payload, path);
  const found = describeValue(value);
  switch (issue.code) {
    case "invalid_type": {
      const expected = issue.expected === "nan" ? "number" : issue.expected === "int" ? "integer" : issue.expected;
      if (value === undefined) return { path, message: `required field is missing (expected ${expected})`, expected, found };
      if (!issue.message.startsWith("Invalid")) return { path, message: issue.message, expected, found };
      return { path, message: `expected ${expected}, found ${typeOf(value) === "string" || typeOf(value) === "number" || typeOf(value) === "boolean" ? `${typeOf(value)} ${found}` : found}`, expected, found };
    }
    case "invalid_value": {
      const values = issue.values.map((v) => JSON.stringify(v));
      const expected = values.length === 1 ? values[0]! : `one of ${values.join(", ")}`;
      return { path, message: `expected ${expected}, found ${found}`, expected, found };
    }
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const op = issue.code === "too_small" ? (issue.inclusive === false ? ">" : ">=") : issue.inclusive === false ? "<" : "<=";
      const expected = issue.origin === "string" && issue.code === "too_small" && issue.minimum === 1 ? "a non-empty string" : issue.origin === "string" ? `${op === ">=" || op === ">" ? "at least" : "at most"} ${String(bound)} characters` : issue.origin === "array" ? `${op} ${String(bound)} items` : `${op} ${String(bound)}`;
      return { path, message: cleanMessage(issue.message, `expected ${expected}`), expected, found };
    }
    case "invalid_format": {
      const pattern = String((issue as { pattern?: unknown }).pattern ?? "");
      const expected = issue.format === "regex" ? (PATTERN_LABELS.get(pattern) ?? `to match ${pattern}`) : (FORMAT_EXPECTED[issue.format] ?? issue.format);
      return { path, message: cleanMessage(issue.message, `expected ${expected}`), expected, found };
    }
    case "not_multiple_of":
      return { path, message: cleanMessage(issue.message, `expected a multiple of ${String(issue.divisor)}`), expected: `multiple of ${String(issue.divisor)}`, found };
    case "custom": {
      const params = (issue as { params?: { expected?: unknown } }).params;
      const expected = typeof params?.expected === "string" ? params.expected : undefined;
      return expected === undefined ? { path, message: issue.message, found } : { path, message: issue.message, expected, found };
    }
    default:
      return { path, message: issue.message, found };
  }
}

/** Zod's own default messages start with "Invalid"/"Too": replace them with ours. */
function cleanMessage(message: string, fallback: string): string {
  return /^(Invalid|Too (small|big))\b/.test(message) ? fallback : message;
}


function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && !Number.isFinite(value)) return "number";
  return typeof value;
}

/** A short, printable description of a value: missing, null, 12, "text", array(3), object. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `array(${value.length})`;
  if (typeof value === "object") return "object";
  if (typeof value === "string") {
    const s = JSON.stringify(value);
    return s.length > 62 ? s.slice(0, 60) + '…"' : s;
  }
  return String(value);
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** ["trip", "distance"] → $.trip.distance; ["dtcs", 0, "code"] → $.dtcs[0].code. */
export function formatPath(path: readonly (string | number)[]): string {
  let s = "$";
  for (const key of path) {
    if (typeof key === "number") s += `[${key}]`;
    else if (IDENT.test(key)) s += `.${key}`;
    else s += `[${JSON.stringify(key)}]`;
  }
  return s;
}

// ── JSON Schema export ────────────────────────────────────────────────────────────────────────

/** The JSON Schema (draft 2020-12) of one event. Rules zod checks in code (Luhn, time order) are named in `description`. */
export function toJsonSchema(ref: EventRef): Record<string, unknown> {
  const schema = registry().schemas[ref.provider]?.[ref.event];
  if (!schema) throw new UsageError(`no schema for ${refId(ref)} (run \`telematics schemas\` to list them)`);
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", unrepresentable: "any", io: "input" }) as Record<string, unknown>;
  return { $schema: json.$schema, title: refId(ref), ...json };
}

/**
 * Building blocks shared by the provider schemas, handed to them as a Kit: the provider folders'
 * schema files (src/core/providers/<name>/schemas.ts) import zod for its types only, and get zod
 * itself and these helpers from the Kit, so that loading a provider never loads zod. Every object
 * is built through the Kit, so one definition yields both the default (loose: extra fields allowed)
 * and the --strict variant (extra fields reported, as warnings, by validateEvent).
 */
import { z } from "zod";
import { luhnCheckDigit, luhnValid } from "../providers/common/luhn.js";

export { luhnCheckDigit, luhnValid };

export type Shape = Record<string, z.ZodType>;

export interface Kit {
  readonly strict: boolean;
  /** zod itself. */
  readonly z: typeof z;
  obj(shape: Shape, description?: string): z.ZodObject<Shape>;
  /** ISO 8601 timestamp with an offset (or Z), as Zubie and Automatic send them. */
  isoTimestamp(): z.ZodType;
  /** A date YYYY-MM-DD. */
  isoDate(): z.ZodType;
  latitude(): z.ZodNumber;
  longitude(): z.ZodNumber;
  /** A non-empty string (ids, keys). */
  id(): z.ZodString;
  int(): z.ZodNumber;
  /** An integer, 0 or more. */
  count(): z.ZodNumber;
  /** Unix milliseconds (13 digits); seconds are named as such. */
  unixMs(): z.ZodNumber;
  /** Unix seconds (10 digits); milliseconds are named as such. */
  unixSeconds(): z.ZodNumber;
  /** A rule zod cannot express declaratively, shared with the compiled fast path (see `rule`). */
  rule: typeof rule;
  /** A pattern with a human name for reports (see `labelled`). */
  labelled: typeof labelled;
}

export function kit(strict: boolean): Kit {
  return {
    strict,
    z,
    obj: (shape, description) => {
      const o = (strict ? z.strictObject(shape) : z.object(shape)) as unknown as z.ZodObject<Shape>;
      return description ? o.describe(description) : o;
    },
    isoTimestamp,
    isoDate,
    latitude,
    longitude,
    id,
    int,
    count,
    unixMs,
    unixSeconds,
    rule,
    labelled,
  };
}

/** Messages that say what was expected, with an example from the documents. */
export const MSG = {
  iso: "expected an ISO 8601 timestamp with a UTC offset, e.g. 2019-09-27T13:10:14-04:00",
  date: "expected a date YYYY-MM-DD, e.g. 2015-12-10",
} as const;

/** ISO 8601 timestamp with an offset (or Z), as Zubie and Automatic send them. */
export const isoTimestamp = (): z.ZodType => z.iso.datetime({ offset: true, error: MSG.iso });

export const isoDate = (): z.ZodType => z.iso.date({ error: MSG.date });

export const latitude = (): z.ZodNumber => z.number().min(-90, "latitude must be between -90 and 90").max(90, "latitude must be between -90 and 90");
export const longitude = (): z.ZodNumber => z.number().min(-180, "longitude must be between -180 and 180").max(180, "longitude must be between -180 and 180");

/** A non-empty string (ids, keys). */
export const id = (): z.ZodString => z.string().min(1, "must not be empty");

export const int = (): z.ZodNumber => z.number().int();
export const count = (): z.ZodNumber => z.number().int().min(0, "must be 0 or more");

// 2001-09-09 is 1e9 s and 1e12 ms: a 10-digit number is seconds, a 13-digit one milliseconds.
const S_MIN = 1e9;
const S_MAX = 1e10 - 1;
const MS_MIN = 1e12;
const MS_MAX = 1e13 - 1;
const MS_EXAMPLE = "expected Unix milliseconds (13 digits, e.g. 1697253089123)";
const S_EXAMPLE = "expected Unix seconds (10 digits, e.g. 1699877427)";
const within = (v: unknown, min: number, max: number) => typeof v === "number" && v >= min && v <= max;

export const unixMs = (): z.ZodNumber =>
  z
    .number()
    .int("expected Unix milliseconds (an integer)")
    .min(MS_MIN, { error: (iss) => (within(iss.input, S_MIN, S_MAX) ? `expected Unix milliseconds (13 digits); ${String(iss.input)} looks like seconds` : MS_EXAMPLE) })
    .max(MS_MAX, MS_EXAMPLE);

export const unixSeconds = (): z.ZodNumber =>
  z
    .number()
    .int("expected Unix seconds (an integer)")
    .min(S_MIN, S_EXAMPLE)
    .max(S_MAX, { error: (iss) => (within(iss.input, MS_MIN, MS_MAX) ? `expected Unix seconds (10 digits); ${String(iss.input)} looks like milliseconds` : S_EXAMPLE) });

/** Runs an object-level rule even when a field already failed (zod skips it by default). */
export const always = { when: (payload: { value: unknown }): boolean => typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value) };

/** Plain predicates for the refinements, keyed by zod check: the compiled fast path calls these. */
export const PREDICATES = new WeakMap<object, (value: never) => boolean>();

/**
 * Adds a rule zod cannot express declaratively: `test` decides, `issue` describes the failure.
 * The same `test` is registered for the compiled fast path (compile.ts), so the two cannot differ.
 */
export function rule<T extends z.ZodType>(
  schema: T,
  test: (value: z.output<T>) => boolean,
  issue: (value: z.output<T>) => { path?: (string | number)[]; message: string; expected?: string },
  options: { whenFieldsFail?: boolean } = {},
): T {
  const check = z.superRefine<z.output<T>>(
    (value, ctx) => {
      if (test(value)) return;
      const i = issue(value);
      ctx.addIssue({ code: "custom", path: i.path ?? [], message: i.message, input: value, params: i.expected === undefined ? {} : { expected: i.expected } });
    },
    options.whenFieldsFail ? always : undefined,
  );
  PREDICATES.set(check, test as (value: never) => boolean);
  return schema.check(check) as T;
}

/** Human names for the patterns, used as `expected` in reports (instead of the regex source). */
export const PATTERN_LABELS = new Map<string, string>();

export function labelled(re: RegExp, label: string): RegExp {
  PATTERN_LABELS.set(String(re), label);
  return re;
}

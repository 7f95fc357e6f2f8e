/** Small questions about unknown values (pure, light: detection and facts import this without zod). */

export type Obj = Record<string, unknown>;

/** A plain JSON object: not null, not an array. */
export function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The value at a JSON path, or undefined when any step is missing or not a container. */
export function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

/** The exported JSON Schemas, checked with ajv (draft 2020-12 + ajv-formats). */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { detectEvent, formatPath, listSchemas, refId, toJsonSchema, validateEvent } from "../../../src/core/schemas/index.js";
import { listFixtures, loadFixture } from "../../../src/io/fixtures.js";
import { FAILING } from "./cases.js";
import { AUTOMATIC_SPEEDING, EVENTS_PUSH, UBER, ZUBIE_MAINTENANCE, ZUBIE_OVER_SPEEDING, ZUBIE_TRIP_END } from "./samples.js";

type ValidateFn = ((data: unknown) => boolean) & { errors?: unknown };
const require = createRequire(import.meta.url);
const Ajv2020 = (require("ajv/dist/2020") as { default: new (o: object) => { compile(s: object): ValidateFn } }).default;
const addFormats = require("ajv-formats") as (ajv: unknown) => void;

const ajv = new Ajv2020({ strict: true, allErrors: true, strictTypes: false, allowUnionTypes: true });
addFormats(ajv);
const validators = new Map<string, ValidateFn>();
for (const ref of listSchemas()) validators.set(refId(ref), ajv.compile(toJsonSchema(ref)));

function ajvValid(payload: unknown): boolean {
  const ref = detectEvent(payload);
  if (!ref) throw new Error("not detected");
  const v = validators.get(refId(ref));
  if (!v) throw new Error(`no exported schema for ${refId(ref)}`);
  return v(payload);
}

describe("exported JSON Schemas", () => {
  it("compile in ajv's strict mode, one per event", () => {
    expect(validators.size).toBe(listSchemas().length);
  });

  it("accept every fixture", async () => {
    const fixtures = await listFixtures();
    expect(fixtures.length).toBeGreaterThan(0);
    for (const f of fixtures) {
      const { payload } = await loadFixture(f.id);
      expect({ id: f.id, valid: ajvValid(payload) }).toEqual({ id: f.id, valid: true });
    }
  });

  it("accept the seed samples", () => {
    for (const p of [ZUBIE_TRIP_END, ZUBIE_OVER_SPEEDING, ZUBIE_MAINTENANCE, UBER, EVENTS_PUSH, AUTOMATIC_SPEEDING]) expect(ajvValid(p)).toBe(true);
  });

  describe.each(FAILING)("$name", ({ payload, path, exportable }) => {
    it(`zod reports ${path}`, () => {
      const v = validateEvent(payload);
      expect(v.valid).toBe(false);
      expect(v.errors.map((e) => formatPath(e.path))).toEqual([path]);
    });
    it(exportable ? "ajv rejects it with the exported schema" : "cannot be expressed in JSON Schema: ajv accepts it, and the schema's description names the rule", () => {
      expect(ajvValid(payload)).toBe(!exportable);
      if (!exportable) expect(String(toJsonSchema(detectEvent(payload)!).description)).toMatch(/not expressible in JSON Schema/);
    });
  });
});

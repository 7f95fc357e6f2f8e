/**
 * Contract: every bundled fixture validates against its schema, is detected as its own provider and
 * event, and the compiled fast path agrees with zod on it and on hundreds of mutations of it.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../../src/core/schemas/compile.js";
import { detectEvent, formatPath, getSchema, validateEvent } from "../../../src/core/schemas/index.js";
import { listFixtures, loadFixture } from "../../../src/io/fixtures.js";

const fixtures = await listFixtures();

describe("bundled fixtures", () => {
  it("cover the four providers", () => {
    const providers = new Map<string, number>();
    for (const f of fixtures) providers.set(f.provider, (providers.get(f.provider) ?? 0) + 1);
    expect([...providers.keys()].sort()).toEqual(["automatic", "events-push", "fleetio", "motive", "samsara", "smartcar", "traccar", "uber", "zubie"]);
    expect(providers.get("zubie")).toBeGreaterThanOrEqual(20);
    expect(providers.get("uber")).toBeGreaterThanOrEqual(4);
    expect(providers.get("events-push")).toBeGreaterThanOrEqual(8);
    expect(providers.get("automatic")).toBeGreaterThanOrEqual(10);
    expect(providers.get("traccar")).toBeGreaterThanOrEqual(14);
    expect(providers.get("fleetio")).toBeGreaterThanOrEqual(7);
    expect(providers.get("motive")).toBe(8);
  });

  describe.each(fixtures)("$id", (info) => {
    it("validates with no errors and no unknown fields (--strict)", async () => {
      const { payload } = await loadFixture(info.id);
      const v = validateEvent(payload, { strict: true });
      const problems = [...v.errors, ...v.warnings].map((e) => `${formatPath(e.path)}: ${e.message}`);
      expect(problems).toEqual([]);
      expect(v.valid).toBe(true);
    });

    it("is detected as its provider and its own event type", async () => {
      const { payload } = await loadFixture(info.id);
      expect(detectEvent(payload)).toEqual({ provider: info.provider, event: info.event });
    });
  });
});

/** Values that break most fields in some way. */
const REPLACEMENTS: unknown[] = [undefined, null, "", "x", "2019-09-27T13:35:35", 0, -1, 1.5, 1e13, 95, -200, true, [], {}, [1], ["x"]];

/** Every path to a value in the payload (objects and arrays included). */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push([...prefix, i], ...paths(v, [...prefix, i])));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push([...prefix, k], ...paths(v, [...prefix, k]));
  return out;
}

function mutate(payload: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(payload) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = structuredClone(replacement);
  return copy;
}

describe("the compiled fast path agrees with zod", () => {
  it.each(fixtures.map((f) => [f.id]))("%s and its mutations", async (id) => {
    const { info, payload } = await loadFixture(id);
    const ref = detectEvent(payload)!;
    const schema = getSchema(ref)!;
    expect(schema, `schema of ${info.id}`).toBeDefined();
    const fast = compile(schema);
    let disagreements: string[] = [];
    let checked = 0;
    for (const path of [[], ...paths(payload)]) {
      for (const r of path.length === 0 ? [null, [], "x"] : REPLACEMENTS) {
        const mutated = path.length === 0 ? r : mutate(payload, path, r);
        const zod = schema.safeParse(mutated).success;
        if (fast(mutated) !== zod) disagreements.push(`${formatPath(path)} = ${JSON.stringify(r)}: zod ${zod}`);
        checked++;
      }
    }
    disagreements = disagreements.slice(0, 10);
    expect(disagreements).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });
});

/**
 * Detection, facts, fresh sends, scenarios and the provider registry never load zod (~65 ms):
 * `tail` and `listen` detect and read every event without it, even through the parts they load
 * later (import()). Checked on the source's import graph (type-only imports are erased by the
 * compiler and do not count).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { expect, it } from "vitest";

const SRC = join(import.meta.dirname, "../../../src");

/** The runtime imports of a module: `import … from`, `export … from`, `import()` (not `import type`). */
function runtimeImports(file: string, followDynamic: boolean): string[] {
  const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*"([^"]+)"/gm)) {
    if (m[2]) continue;
    // `import { type A, type B } from` is erased too when every name is a type.
    const names = /\{([^}]*)\}/.exec(m[3]!)?.[1];
    if (names !== undefined && !/^\s*\*/.test(m[3]!) && names.split(",").map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith("type "))) continue;
    out.push(m[4]!);
  }
  for (const m of text.matchAll(/^\s*import\s+"([^"]+)"/gm)) out.push(m[1]!);
  // Dynamic imports are the lazy parts: followed only when asked (see below).
  if (followDynamic) for (const m of text.matchAll(/import\(\s*"([^"]+)"\s*\)/g)) out.push(m[1]!);
  return out;
}

/** Every module `entry` loads; with `followDynamic`, also those it may load later (import()). */
function graph(entry: string, followDynamic = true): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const deps = runtimeImports(file, followDynamic);
    seen.set(file, deps);
    for (const d of deps) {
      if (!d.startsWith(".")) continue;
      const target = resolve(dirname(file), d.replace(/\.js$/, ".ts"));
      expect(existsSync(target), `${file} imports ${d}`).toBe(true);
      visit(target);
    }
  };
  visit(join(SRC, entry));
  return seen;
}

it.each([
  "core/providers/index.ts",
  "core/schemas/detect.ts",
  "core/events/facts.ts",
  "core/send/refresh.ts",
  "core/send/retry.ts",
  "core/scenarios/index.ts",
  "io/fixtures.ts",
])("%s loads no zod", (entry) => {
  const g = graph(entry);
  const withZod = [...g].filter(([, deps]) => deps.includes("zod")).map(([f]) => f.slice(SRC.length + 1));
  expect(withZod).toEqual([]);
  expect(g.size).toBeGreaterThan(0);
});

it("the validation registry is the one that does (the check above can see zod)", () => {
  const withZod = [...graph("core/schemas/index.ts")].filter(([, deps]) => deps.includes("zod")).map(([f]) => f.slice(SRC.length + 1)).sort();
  expect(withZod).toEqual(["core/schemas/common.ts", "core/schemas/index.ts"]);
});

it("the registry loads signing and catalogues only: facts, schema builders and scenarios are loaded by the modules that use them", () => {
  const files = [...graph("core/providers/index.ts", false).keys()].map((f) => f.slice(SRC.length + 1));
  const heavy = files.filter((f) => /\/(facts|schemas|scenario)\.ts$/.test(f) || f.startsWith("core/scenarios/") || f.startsWith("core/events/"));
  expect(heavy).toEqual([]);
});

/**
 * `telematics schemas [--provider P]`: the event schemas; `telematics schemas export` writes them as
 * JSON Schema (draft 2020-12), one file per event, for users who validate in other languages.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Context } from "../../context.js";
import { UsageError } from "../../core/errors.js";
import { describeSchema, listSchemas, parseSchemaRef, refId, SCHEMA_PROVIDERS, toJsonSchema, type EventRef } from "../../core/schemas/index.js";
import { listFixtures } from "../../io/fixtures.js";
import { renderTable } from "../../io/table.js";
import type { CommandInput } from "../spec.js";
import type { Table } from "../../core/options.js";

interface SchemasFlags {
  args: string[];
  provider?: string | undefined;
  out?: string | undefined;
}

type Input = CommandInput<Table> & { values: { provider?: string | undefined; out?: string | undefined } };
const flagsOf = (input: Input): SchemasFlags => ({ args: input.args, provider: input.values.provider, out: input.values.out });

function selected(flags: SchemasFlags): EventRef[] {
  const provider = flags.provider;
  if (provider !== undefined && !(SCHEMA_PROVIDERS as readonly string[]).includes(provider)) {
    throw new UsageError(`--provider ${provider}: no schemas for this provider (one of: ${SCHEMA_PROVIDERS.join(", ")})`);
  }
  const names = flags.args ?? [];
  const refs = names.length > 0 ? names.map((n) => parseSchemaRef(n, "schemas export")) : listSchemas();
  return provider === undefined ? refs : refs.filter((r) => r.provider === provider);
}

/** File name of an event's schema: the event type, with `:` as `_` (as the fixtures name them). */
export function schemaFileName(ref: EventRef): string {
  return `${ref.event.replace(/:/g, "_")}.json`;
}

export async function run(input: Input, ctx: Context): Promise<number> {
  const { out } = ctx;
  const flags = flagsOf(input);
  const refs = selected(flags);
  const counts = new Map<string, number>();
  for (const f of await listFixtures().catch(() => [])) counts.set(`${f.provider}/${f.event}`, (counts.get(`${f.provider}/${f.event}`) ?? 0) + 1);
  if (out.json) {
    for (const r of refs) out.record({ id: refId(r), provider: r.provider, event: r.event, fixtures: counts.get(refId(r)) ?? 0, description: describeSchema(r) });
    return 0;
  }
  const note = (r: EventRef): string => {
    const d = describeSchema(r);
    if (d.includes("no sample payload")) return "no sample in the documents";
    if (d.includes("older apps")) return "older apps only";
    return "";
  };
  out.data(renderTable(out, ["schema", "provider", "event", "fixtures", "note"], refs.map((r) => [refId(r), r.provider, r.event, counts.get(refId(r)) ?? 0, note(r)])));
  out.info(`${refs.length} schema${refs.length === 1 ? "" : "s"}; export them as JSON Schema with: telematics schemas export --out DIR`);
  return 0;
}

export async function runExport(input: Input, ctx: Context): Promise<number> {
  const { out } = ctx;
  const flags = flagsOf(input);
  const refs = selected(flags);
  if (refs.length === 0) throw new UsageError("no schema matches the selection");
  if (flags.out === undefined) {
    for (const r of refs) out.record(toJsonSchema(r));
    return 0;
  }
  const dir = resolve(ctx.cwd, flags.out);
  for (const r of refs) {
    const file = join(dir, r.provider, schemaFileName(r));
    try {
      mkdirSync(join(dir, r.provider), { recursive: true });
      writeFileSync(file, JSON.stringify(toJsonSchema(r), null, 2) + "\n");
    } catch (e) {
      throw new UsageError(`--out ${flags.out}: cannot write ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const shown = relative(ctx.cwd, file) || file;
    if (out.json) out.record({ id: refId(r), file: shown });
    else out.data(shown);
  }
  out.info(`wrote ${refs.length} JSON Schema file${refs.length === 1 ? "" : "s"} (draft 2020-12) under ${relative(ctx.cwd, dir) || "."}`);
  return 0;
}

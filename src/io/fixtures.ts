/**
 * The bundled fixtures: fixtures/<provider>/<name>.json in the package, found relative to this
 * package (found by packageRoot, from src/ or the bundle in dist/). A fixture is named by its file stem (`trip_end`),
 * by `provider/stem` (`zubie/trip_end`), or by its own event type where that is unique
 * (`trip:finished`).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { packageRoot } from "./package-root.js";
import { UsageError } from "../core/errors.js";
import { catalogueOf } from "../core/providers/index.js";
import { detectEvent } from "../core/schemas/detect.js";

export interface FixtureInfo {
  provider: string;
  /** The payload's own event type, from its provider's type field: Zubie `event`, Uber `event_type`, Events Push `Event`, Automatic `type`. */
  event: string;
  /** File stem, e.g. trip_end. */
  name: string;
  /** provider/name, e.g. zubie/trip_end. */
  id: string;
  /** Absolute path. */
  file: string;
}

export interface LoadedFixture {
  info: FixtureInfo;
  bytes: Buffer;
  payload: unknown;
}

/** The fixtures folder of the package. */
export function fixturesDir(): string {
  return join(packageRoot(), "fixtures");
}

/**
 * The fixture's event type, as its provider's catalogue detects it (any provider's, for a folder
 * without a catalogue); without one, the catalogue name the file is named after
 * (trip_finished → trip:finished).
 */
function eventOf(provider: string, name: string, payload: unknown): string {
  const catalogue = catalogueOf(provider);
  if (payload && typeof payload === "object" && !Array.isArray(payload)) {
    const record = payload as Record<string, unknown>;
    const value = catalogue ? catalogue.detect(record) : detectEvent(record)?.event;
    if (value) return value;
  }
  return catalogue?.names.find((e) => e.replace(/:/g, "_") === name) ?? name;
}

let cache: Promise<LoadedFixture[]> | undefined;

async function loadAll(): Promise<LoadedFixture[]> {
  const root = fixturesDir();
  let providers: string[];
  try {
    providers = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    throw new UsageError(`no bundled fixtures found (looked in ${root})`);
  }
  const all: LoadedFixture[] = [];
  for (const provider of providers.sort()) {
    const files = (await readdir(join(root, provider))).filter((f) => f.endsWith(".json")).sort();
    for (const f of files) {
      const file = join(root, provider, f);
      const name = f.slice(0, -".json".length);
      const bytes = await readFile(file);
      let payload: unknown;
      try {
        payload = JSON.parse(bytes.toString("utf8"));
      } catch (e) {
        throw new Error(`bundled fixture ${provider}/${name} is not valid JSON: ${(e as Error).message}`);
      }
      all.push({ info: { provider, event: eventOf(provider, name, payload), name, id: `${provider}/${name}`, file }, bytes, payload });
    }
  }
  return all;
}

function fixtures(): Promise<LoadedFixture[]> {
  cache ??= loadAll().catch((e: unknown) => {
    cache = undefined;
    throw e;
  });
  return cache;
}

/** Every bundled fixture (of one provider when given), sorted by provider then name. */
export async function listFixtures(provider?: string): Promise<FixtureInfo[]> {
  const all = (await fixtures()).map((f) => f.info);
  if (provider === undefined) return all;
  const known = [...new Set(all.map((f) => f.provider))];
  if (!known.includes(provider)) throw new UsageError(`--provider ${provider}: no fixtures for this provider (fixtures exist for: ${known.join(", ")})`);
  return all.filter((f) => f.provider === provider);
}

/** Edit distance, for "did you mean" suggestions. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** Up to `max` fixture ids close to `name` (substring matches first, then by edit distance). */
export function suggest(name: string, infos: readonly FixtureInfo[], max = 5): string[] {
  const wanted = name.toLowerCase();
  const scored = infos.map((f) => {
    const d = Math.min(distance(wanted, f.name), distance(wanted, f.id), distance(wanted, f.event.toLowerCase()));
    const sub = f.id.includes(wanted) || (wanted.length >= 3 && wanted.includes(f.name));
    return { id: f.id, score: sub ? 0 : d };
  });
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  return scored
    .filter((s) => s.score <= limit)
    .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
    .slice(0, max)
    .map((s) => s.id);
}

/**
 * Finds one fixture by NAME: `trip_end` (when only one provider has it), `zubie/trip_end`, or the
 * event type (`trip:finished`, `automatic/trip:finished`); `.json` may be added. Unknown or
 * ambiguous names throw a UsageError listing the candidates.
 */
export async function loadFixture(name: string): Promise<LoadedFixture> {
  const all = await fixtures();
  const infos = all.map((f) => f.info);
  const wanted = name.trim().replace(/\.json$/i, "");
  if (wanted === "") throw new UsageError(`fixture name is empty (run \`telematics fixtures\` to list them)`);
  const slash = wanted.indexOf("/");
  const provider = slash >= 0 ? wanted.slice(0, slash) : undefined;
  const stem = slash >= 0 ? wanted.slice(slash + 1) : wanted;
  const pool = provider === undefined ? all : all.filter((f) => f.info.provider === provider);
  if (provider !== undefined && pool.length === 0) {
    const providers = [...new Set(infos.map((f) => f.provider))];
    throw new UsageError(`fixture ${name}: unknown provider "${provider}" (fixtures exist for: ${providers.join(", ")})`);
  }
  let matches = pool.filter((f) => f.info.name === stem);
  if (matches.length === 0) matches = pool.filter((f) => f.info.event === stem);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new UsageError(`fixture ${name} is ambiguous: it could be ${matches.map((f) => f.info.id).join(", ")}; name one with provider/name`);
  }
  const close = suggest(wanted, provider === undefined ? infos : pool.map((f) => f.info));
  const hint = close.length > 0 ? `; did you mean ${close.join(", ")}?` : "";
  throw new UsageError(`fixture ${name}: no such fixture${hint} (run \`telematics fixtures\` to list them)`);
}

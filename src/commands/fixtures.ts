/**
 * `telematics fixtures [--provider P]`: the bundled sample events; `telematics fixtures show NAME`
 * prints one exactly as bundled (byte for byte, so it can be piped to `send`, `sign` or a file).
 */
import type { Context, GlobalOptions } from "../context.js";
import { UsageError } from "../core/errors.js";
import { listFixtures, loadFixture } from "../io/fixtures.js";
import { renderTable } from "../io/table.js";

export interface FixturesFlags extends GlobalOptions {
  args?: string[];
  provider?: string;
}

export async function run(flags: FixturesFlags, ctx: Context): Promise<number> {
  const { out } = ctx;
  const fixtures = await listFixtures(flags.provider);
  if (out.json) {
    for (const f of fixtures) out.record({ id: f.id, provider: f.provider, name: f.name, event: f.event, file: f.file });
    return 0;
  }
  out.data(renderTable(out, ["name", "provider", "event"], fixtures.map((f) => [f.id, f.provider, f.event])));
  out.info(`${fixtures.length} fixture${fixtures.length === 1 ? "" : "s"}; print one with: telematics fixtures show NAME`);
  return 0;
}

export async function runShow(flags: FixturesFlags, ctx: Context): Promise<number> {
  const name = flags.args?.[0];
  if (name === undefined) throw new UsageError("fixtures show: give a fixture name, e.g. trip_end or zubie/trip_end");
  const { info, bytes, payload } = await loadFixture(name);
  if (ctx.out.json) {
    ctx.out.record({ id: info.id, provider: info.provider, name: info.name, event: info.event, file: info.file, payload });
    return 0;
  }
  const text = bytes.toString("utf8");
  ctx.out.data(text.endsWith("\n") ? text.slice(0, -1) : text);
  return 0;
}

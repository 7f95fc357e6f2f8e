/**
 * `telematics config`: the settings each command would run with here — for the chosen profile —
 * and where each came from (flag, environment variable, file:line:column, default); secrets only by
 * their source. `telematics config schema`: the config file's JSON Schema.
 */
import { existsSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { formatDuration } from "../../core/duration.js";
import { UsageError } from "../../core/errors.js";
import { describeSource, resolve, type Opt, type Source, type Table } from "../../core/options.js";
import { getProvider } from "../../core/providers/index.js";
import type { Context } from "../../context.js";
import { devSecretProviders, DEV_SECRETS_FILE } from "../../io/dev-secrets.js";
import { fileProblem, within } from "../../io/files.js";
import { configSections } from "../registry.js";
import { knownProviders } from "../provider-choice.js";
import type { CommandInput } from "../spec.js";

interface Setting {
  setting: string;
  value?: unknown;
  secret?: boolean;
  source: "flag" | "env" | "file" | "default" | "dev" | "none";
  /** flag name, variable name, or file:line:column. */
  from?: string;
  note?: string;
}

function show(opt: Opt, value: unknown): string {
  if (value === undefined) return "-";
  if (opt.secret) return "[secret]";
  if (opt.configType === "duration" && typeof value === "number") return formatDuration(value);
  if (Array.isArray(value)) return value.join(", ");
  return typeof value === "string" ? value : JSON.stringify(value);
}

function kindOf(source: Source | undefined): Setting["source"] {
  if (!source) return "none";
  return source.kind === "config" ? "file" : source.kind;
}

/** Where one provider's keys would come from, without reading them. */
function providerSettings(ctx: Context): Setting[] {
  const out: Setting[] = [];
  const dev = new Set(devSecretProviders(ctx.project.root));
  for (const name of knownProviders(ctx.project)) {
    const p = getProvider(name) ?? (ctx.project.provider(name)?.type ? getProvider("hmac") : undefined);
    if (!p || p.auth === "unsigned") continue;
    const kind = p.auth === "bearer" ? "token" : "secret";
    const s = ctx.project.provider(name);
    const refs = [s?.[`${kind}Env`], s?.[`${kind}File`], s?.[kind]].filter((r) => r !== undefined);
    const setting = `providers.${name}.${kind}`;
    const env = ctx.env.TELEMATICS_SECRET && kind === "secret" ? "TELEMATICS_SECRET" : undefined;
    if (env) out.push({ setting, secret: true, source: "env", from: env });
    else if (refs.length) {
      for (const r of refs) {
        const what = r.source.path.endsWith("Env") ? (Array.isArray(r.value) ? r.value : [r.value]).map((n) => `$${n}${ctx.env[n as string] ? "" : " (not set)"}`).join(", ") : r.source.path.endsWith("File") ? (Array.isArray(r.value) ? r.value : [r.value]).map((f) => `${f}${existsSync(within(r.dir, f as string)) ? "" : " (missing)"}`).join(", ") : "literal in .telematics/local.json";
        out.push({ setting, secret: true, source: "file", from: describeSource(r.source), note: what });
      }
    } else out.push({ setting, secret: true, source: dev.has(name) ? "dev" : "none", from: DEV_SECRETS_FILE, note: dev.has(name) ? "the dev secret (listen checks with it; send signs with it towards this machine)" : "none yet: listen makes a dev secret on first use" });
  }
  return out;
}

export async function run(input: CommandInput<Table>, ctx: Context): Promise<number> {
  const { out, project } = ctx;
  const sections = configSections();
  const wanted = input.args.length ? input.args : Object.keys(sections);
  for (const w of wanted) if (!Object.hasOwn(sections, w)) throw new UsageError(`${w}: no such command with settings (one of: ${Object.keys(sections).join(", ")})`);
  const settings: Setting[] = [];
  const where = (p: string | undefined) => (p ? relative(ctx.cwd, p) || p : undefined);
  settings.push({ setting: "project.root", value: project.root, source: "default" });
  if (project.configFile) settings.push({ setting: "project.config", value: where(project.configFile), source: "file" });
  if (project.localFile) settings.push({ setting: "project.local", value: where(project.localFile), source: "file" });
  if (project.profile) settings.push({ setting: "profile", value: project.profile.name, source: kindOf(project.profile.source), from: describeSource(project.profile.source) });
  settings.push(...providerSettings(ctx));
  for (const r of project.routes()) settings.push({ setting: `routes.${r.method} ${r.path}`, value: r.settings.provider, source: "file", from: describeSource(r.source) });
  for (const name of wanted) {
    const table = sections[name]!;
    const { values, sources } = resolve(table, { flags: {}, env: ctx.env, layers: project.layers(name) });
    for (const [key, opt] of Object.entries(table)) {
      const source = (sources as Record<string, Source | undefined>)[key];
      const value = (values as Record<string, unknown>)[key];
      if (source === undefined && opt.config === false) continue;
      settings.push({
        setting: `${name}.${key}`,
        ...(opt.secret ? { secret: true } : value !== undefined && { value }),
        source: kindOf(source),
        ...(source && source.kind !== "default" && { from: source.kind === "env" ? source.name : describeSource(source) }),
        ...(!opt.secret && value !== undefined && { note: show(opt, value) }),
      });
    }
  }
  if (out.json) {
    for (const s of settings) out.record(s);
    return 0;
  }
  const c = out.chalk;
  const width = Math.min(40, Math.max(...settings.map((s) => s.setting.length)));
  for (const s of settings) {
    const value = s.secret ? c.dim("[secret]") : (s.note ?? (s.value === undefined ? "-" : String(s.value)));
    const from = s.source === "default" ? c.dim("default") : s.source === "none" ? c.dim("not set") : `${s.source}${s.from ? ` ${s.from}` : ""}`;
    out.data(`${s.setting.padEnd(width)}  ${value}  ${c.dim("←")} ${from}${s.secret && s.note ? `  ${c.dim(s.note)}` : ""}`);
  }
  if (!project.configFile) out.info(c.dim("no telematics.config.json here or in a parent folder (telematics init writes one)"));
  return 0;
}

export async function runSchema(input: CommandInput<Table>, ctx: Context): Promise<number> {
  const { configJsonSchema } = await import("../../core/config/schema.js");
  const text = JSON.stringify(configJsonSchema(configSections()), null, 2) + "\n";
  const file = (input.values as { out?: string }).out;
  if (file === undefined) {
    ctx.out.data(text.trimEnd());
    return 0;
  }
  try {
    writeFileSync(within(ctx.cwd, file), text);
  } catch (e) {
    throw new UsageError(`--out ${file}: cannot write it (${fileProblem(e)})`);
  }
  ctx.out.info(`wrote ${file}`);
  return 0;
}

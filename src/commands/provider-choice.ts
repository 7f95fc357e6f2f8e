/**
 * Which provider a command works for: a built-in one (zubie, uber, …) or a custom HMAC provider of
 * the project's config file (`"providers": {"github": {"type": "hmac", "header": …}}`), with its
 * scheme settings: the flags (--signature-header, --algorithm, --encoding, --prefix, --tolerance)
 * over the config file's settings for that provider.
 */
import { UsageError } from "../core/errors.js";
import { parseDuration } from "../core/duration.js";
import { getProvider, providerNames, type Provider, type ProviderName, type SchemeOptions } from "../core/providers/index.js";
import type { Values } from "../core/options.js";
import type { Project } from "../io/project.js";
import type { SCHEME_OPTIONS } from "./shared.js";

export interface ChosenProvider {
  provider: Provider;
  /** The registry's name (custom providers are "hmac"). */
  name: ProviderName;
  /** The name the user gave (a custom provider's own name). */
  label: string;
  scheme: SchemeOptions;
}

type SchemeValues = Partial<Values<typeof SCHEME_OPTIONS>>;

/** The scheme settings given as flags. */
export function schemeFromFlags(values: SchemeValues): SchemeOptions {
  const options: SchemeOptions = {};
  if (values.signatureHeader !== undefined) options.header = values.signatureHeader;
  if (values.algorithm !== undefined) options.algorithm = values.algorithm;
  if (values.encoding !== undefined) options.encoding = values.encoding;
  if (values.prefix !== undefined) options.prefix = values.prefix;
  if (values.tolerance !== undefined) options.toleranceSeconds = values.tolerance === null ? null : values.tolerance / 1000;
  return options;
}

/** The providers a user may name: the built-in ones and the project's custom ones. */
export function knownProviders(project: Project): string[] {
  return [...new Set([...providerNames, ...project.providerNames()])];
}

/** A provider by the name the user gave (`where` names the flag or setting, for the message). */
export function chooseProvider(label: string, where: string, project: Project, flags: SchemeValues = {}): ChosenProvider {
  const settings = project.provider(label);
  const builtIn = getProvider(label);
  const custom = !builtIn && settings?.type?.value === "hmac";
  if (!builtIn && !custom) {
    if (settings) throw new UsageError(`${settings.secretEnv?.source.file ?? "config"}: providers.${label}: not a built-in provider; a provider of your own needs "type": "hmac" and its "header"`);
    throw new UsageError(`${where} ${label}: unknown provider (one of: ${knownProviders(project).join(", ")})`);
  }
  const provider = builtIn ?? getProvider("hmac")!;
  const scheme: SchemeOptions = {};
  if (settings?.header) scheme.header = settings.header.value;
  if (settings?.algorithm) scheme.algorithm = settings.algorithm.value;
  if (settings?.encoding) scheme.encoding = settings.encoding.value;
  if (settings?.prefix) scheme.prefix = settings.prefix.value;
  if (settings?.tolerance) {
    const t = settings.tolerance.value;
    const ms = t === false ? null : typeof t === "number" ? t * 1000 : parseDuration(t, "s");
    if (ms === undefined) throw new UsageError(`${settings.tolerance.source.file}:${settings.tolerance.source.line}:${settings.tolerance.source.column}: ${settings.tolerance.source.path}: expected a duration such as 5m, or false`);
    scheme.toleranceSeconds = ms === null ? null : ms / 1000;
  }
  Object.assign(scheme, schemeFromFlags(flags));
  return { provider, name: provider.name as ProviderName, label, scheme };
}

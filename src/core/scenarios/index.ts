/**
 * Scenarios (pure): a coherent sequence of one provider's events — the same vehicle, trip or driver
 * throughout, times advancing, positions moving along a route. Each provider keeps its own in its
 * folder (src/core/providers/<name>/scenario.ts); the registry gathers them. They are built from the
 * bundled fixtures, which the caller loads and passes in as `templates` (fixture id → payload), so
 * the events keep the shapes of the source documents.
 */
import { UsageError } from "../errors.js";
import { loadScenarios } from "../providers/index.js";
import type { Scenario, ScenarioOptions, ScenarioStep } from "./kit.js";

export { alongRoute, metres, type Scenario, type ScenarioOptions, type ScenarioStep } from "./kit.js";

/** Every provider's scenarios, in registry order, loaded once with this module. */
export const SCENARIOS: readonly Scenario[] = await loadScenarios();

export function listScenarios(): readonly Scenario[] {
  return SCENARIOS;
}

export function getScenario(name: string): Scenario {
  const s = SCENARIOS.find((x) => x.name === name || x.provider === name);
  if (!s) throw new UsageError(`--scenario ${name}: unknown scenario (one of: ${SCENARIOS.map((x) => x.name).join(", ")})`);
  return s;
}

export function buildScenario(name: string, templates: Readonly<Record<string, unknown>>, options: ScenarioOptions): ScenarioStep[] {
  return getScenario(name).build(templates, options);
}

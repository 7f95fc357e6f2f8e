import { bool, int, list } from "../../core/options.js";
import { SECRET_OPTIONS } from "../shared.js";
import { command } from "../spec.js";

/** The page's own settings, shared with `listen --ui` and `tail --ui`. */
export const UI_OPTIONS = {
  uiPort: int("--ui-port <port>", "port of the inspector page on 127.0.0.1 (0 picks a free one)", { default: 4040, max: 65_535, env: "TELEMATICS_UI_PORT" }),
  uiHistory: int("--ui-history <n>", "the page keeps the last N requests", { default: 10_000, min: 1, max: 1_000_000, env: "TELEMATICS_UI_HISTORY" }),
  open: bool("--open", "open the page in the browser", { config: false }),
} as const;

export const INSPECT_OPTIONS = {
  port: int("--port <port>", "port of the page on 127.0.0.1 (0 picks a free one)", { default: 4040, max: 65_535, env: "TELEMATICS_UI_PORT" }),
  history: int("--history <n>", "keep the last N events", { default: 10_000, min: 1, max: 1_000_000, env: "TELEMATICS_UI_HISTORY" }),
  open: UI_OPTIONS.open,
  replayTo: list("--replay-to <url>", "a replay target, NAME=URL or URL (repeatable)"),
  follow: bool("--no-follow", "show the logs as they are, without following them", { default: true }),
  ...SECRET_OPTIONS,
} as const;

export const inspectSpec = command({
  name: "inspect",
  summary: "a local web page over event logs: every request live, replay and edit-and-replay, copy as curl, a map",
  args: [{ name: "[logs...]", description: "event logs written by listen or tail --save (default .telematics/events.ndjson)", complete: "file" }],
  options: INSPECT_OPTIONS,
  interruptible: true,
  notes: "Runs until Ctrl-C (exit 130). The printed URL carries a token that signs the browser in.",
  examples: [
    "telematics inspect",
    "telematics inspect .telematics/events.ndjson feed.ndjson --open",
    "telematics inspect --replay-to listener=http://127.0.0.1:4000/ --replay-to app=http://127.0.0.1:3000/hooks --secret-env ZUBIE_SECRET",
  ],
  load: () => import("./index.js"),
});

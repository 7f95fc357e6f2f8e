import { bool, text } from "../../core/options.js";
import { command } from "../spec.js";

export const VALIDATE_OPTIONS = {
  schema: text("--schema <provider/event>", "validate every event against this schema instead of the detected one (see `telematics schemas`)", { config: false, complete: "schema" }),
  strict: bool("--strict", "also report fields the schemas do not know, as warnings"),
} as const;

export const validateSpec = command({
  name: "validate",
  summary: "validate JSON / NDJSON events (files, directories or - for stdin) against the event schemas",
  args: [{ name: "[inputs...]", description: "files, directories, or - for stdin (default: stdin when piped)", complete: "file" }],
  options: VALIDATE_OPTIONS,
  notes: "Exit codes: 0 all valid · 1 any invalid (or not JSON) · 2 usage error",
  examples: [
    "telematics validate fixtures/zubie/trip_end.json",
    "telematics validate events.ndjson captured/",
    "cat body.json | telematics validate -",
    "telematics validate --schema automatic/trip:finished --strict payload.json",
    "telematics validate events.ndjson --json | jq 'select(.valid | not)'",
  ],
  load: () => import("./index.js"),
});

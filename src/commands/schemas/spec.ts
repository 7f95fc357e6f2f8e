import { text } from "../../core/options.js";
import { command } from "../spec.js";

const provider = text("--provider <name>", "only this provider's schemas", { config: false, complete: "provider" });

export const schemasSpec = command({
  name: "schemas",
  summary: "list the event schemas; `schemas export` writes them as JSON Schema (draft 2020-12)",
  options: { provider },
  section: false,
  examples: ["telematics schemas", "telematics schemas --provider zubie --json", "telematics schemas export --out schemas/"],
  load: () => import("./index.js"),
  subcommands: [
    command({
      name: "export",
      summary: "write one JSON Schema (draft 2020-12) per event, for validating in other languages",
      args: [{ name: "[names...]", description: "only these schemas, as provider/event (default: all)", complete: "schema" }],
      options: { provider, out: text("--out <dir>", "write <dir>/<provider>/<event>.json (default: print them to stdout, one per line)", { config: false, complete: "dir" }) },
      section: false,
      examples: ["telematics schemas export --out schemas/", "telematics schemas export --provider uber > uber.schema.json", "telematics schemas export zubie/trip_end automatic/trip:finished --out schemas/"],
      load: () => import("./index.js").then((m) => ({ run: m.runExport })),
    }),
  ],
});

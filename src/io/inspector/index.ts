/**
 * The local web inspector, for the commands that embed it (`inspect`, and `listen --ui` /
 * `tail --ui`): start the server, `add(record, extras)` each record, name the replay targets and
 * say how an edited body is re-signed.
 */
export { startInspector, DEFAULT_HISTORY, DEFAULT_PORT, type Inspector, type InspectorOptions } from "./server.js";
export { InspectorStore, type Entry, type EntryExtras, type Filter, type Row, type Summary } from "./store.js";
export { providerResign, type ResignOptions } from "./resign.js";
export type { Resign, ResignResult, ReplayResult } from "./replay.js";
export { openLogs, type LogSet, type LoggedRecord } from "./follow.js";
export type { Position } from "../../core/providers/index.js";

/**
 * Requests that never got as far as the handler: headers too large (431), too slow (408), malformed
 * HTTP (400), or a client that hung up (no answer possible).
 */
import { formatDuration } from "../duration.js";
import type { EventRecord } from "../events/record.js";
import type { EventView } from "../events/view.js";
import { isoTime } from "../iso-time.js";
import { redactHeaders } from "./identify.js";
import { errorBody, REFUSED, sizeText, type ClientProblem, type Decision } from "./types.js";

/** The answer and the record for a request node:http could not complete. `status` 0 means do not answer. */
export function handleClientProblem(problem: ClientProblem): Decision {
  const head = problem.raw ? Buffer.from(problem.raw.subarray(0, 2048)).toString("latin1") : "";
  const line = /^([A-Z]{3,12}) (\S{1,2048}) HTTP\/\d\.\d\r?\n/.exec(head);
  const method = problem.request?.method ?? line?.[1];
  const url = problem.request?.url ?? line?.[2];
  const record: EventRecord = {
    v: 1,
    source: "webhook",
    received_at: isoTime(problem.receivedAt),
    ...(problem.peer !== undefined && { peer: problem.peer }),
    ...(method !== undefined && { method }),
    ...(url !== undefined && { path: url }),
    ...(problem.request && { headers: redactHeaders(problem.request.headers) }),
    body: "",
    body_encoding: "utf8",
    ...(problem.bodyBytes !== undefined && problem.bodyBytes > 0 && { body_bytes: problem.bodyBytes }),
  };
  let status: number;
  let message: string;
  let label: string;
  switch (problem.code) {
    case "HPE_HEADER_OVERFLOW":
      status = 431;
      message = `request headers are over the ${problem.headerLimitBytes ? sizeText(problem.headerLimitBytes) : "size"} limit`;
      label = REFUSED[431]!;
      break;
    case "ERR_HTTP_REQUEST_TIMEOUT":
      status = 408;
      message = `the request did not arrive in full within ${problem.timeoutMs ? formatDuration(problem.timeoutMs) : "the time limit"} (slow client; --request-timeout)`;
      label = REFUSED[408]!;
      break;
    case "ECONNRESET":
    case "EPIPE":
    case "HPE_INVALID_EOF_STATE":
    case "ABORTED":
      status = 0;
      message = `the client closed the connection before the request was complete${problem.bodyBytes ? ` (after ${problem.bodyBytes} body bytes)` : ""}`;
      label = "(aborted)";
      break;
    default:
      status = 400;
      message = `malformed HTTP request: ${problem.message.replace(/^Parse Error:\s*/, "")}${problem.code.startsWith("HPE_") ? ` (${problem.code})` : ""}`;
      label = REFUSED[400]!;
  }
  if (status) record.status = status;
  record.error = message;
  const view: EventView = {
    receivedAt: problem.receivedAt,
    source: "webhook",
    ...(method !== undefined && { method }),
    ...(url !== undefined && { path: url }),
    ...(problem.peer !== undefined && { peer: problem.peer }),
    ...(status && { status }),
    errors: [message],
    warnings: [],
  };
  if (method === undefined) view.event = "(malformed request)";
  return {
    status,
    headers: { "Content-Type": "application/json", Connection: "close" },
    body: errorBody(message),
    record,
    view,
    tally: { type: label, verified: false, failed: true, duplicate: false, late: false },
  };
}

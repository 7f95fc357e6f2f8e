// telematics inspect: the page. Plain DOM, no framework and no build step. Everything that comes
// from a request (bodies, headers, names) is set as text (textContent, text nodes, attribute
// values), never parsed as markup.

import { colorOf, drawMap } from "./map.js";

const $ = (id) => document.getElementById(id);

/** An element; attributes as given, `on*` as listeners, children as nodes or text. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c);
  return el;
}

const FILTERS = ["provider", "event", "verdict", "status", "q"];
/** Rows fetched at once: a screenful and more, so the first paint is quick; older ones on demand. */
const PAGE = 100;
/** Rows kept in the table; older ones come back with "Show older events". */
const MAX_ROWS = 2000;

const state = {
  filters: {},
  view: "list",
  rows: [], // newest first
  selected: -1, // index into rows
  openId: undefined,
  lastId: 0,
  matched: 0,
  config: { targets: [], resign: false },
  source: undefined,
};

// ── API ──────────────────────────────────────────────────────────────────────────────────────

class SignedOut extends Error {}

async function api(path, init) {
  const res = await fetch(path, { credentials: "same-origin", ...init });
  if (res.status === 401 || res.status === 403) {
    $("signin").hidden = false;
    throw new SignedOut(res.status);
  }
  const body = await res.json();
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

function query(extra = {}) {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (state.filters[k]) p.set(k, state.filters[k]);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
}

// ── Formatting ───────────────────────────────────────────────────────────────────────────────

const pad = (n, w = 2) => String(n).padStart(w, "0");

function clock(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function span(ms) {
  let rest = Math.max(0, Math.round(ms / 1000));
  if (rest < 60) return `${rest}s`;
  const parts = [];
  for (const [u, n] of [["d", 86400], ["h", 3600], ["m", 60], ["s", 1]]) {
    if (rest >= n) {
      parts.push(`${Math.floor(rest / n)}${u}`);
      rest %= n;
    }
  }
  return parts.slice(0, 2).join(" ");
}

const msText = (v) => (v === undefined || v === null ? "–" : `${v < 1 ? v.toFixed(2) : v < 10 ? v.toFixed(1) : Math.round(v)} ms`);

const VERDICTS = {
  valid: ["✔ verified", "ok"],
  invalid: ["✖ bad signature", "bad"],
  unsigned: ["unsigned", "dim"],
  skipped: ["not verified", "warn"],
};

function verdictBadge(v) {
  if (!v) return h("span", { class: "dim" }, "–");
  const [text, cls] = VERDICTS[v] ?? [v, "dim"];
  return h("span", { class: `badge ${cls}` }, text);
}

function statusBadge(status) {
  if (status === undefined) return h("span", { class: "dim" }, "–");
  const cls = status >= 200 && status < 300 ? "ok" : status >= 500 ? "bad" : "warn";
  return h("span", { class: `status ${cls}` }, String(status));
}

function flagBadges(row) {
  const f = row.flags;
  return [
    f.duplicate && h("span", { class: "flag warn", title: "a duplicate of an earlier delivery" }, "dup"),
    f.late && h("span", { class: "flag warn", title: "arrived late" }, "late"),
    f.schema_errors > 0 && h("span", { class: "flag bad", title: "schema errors" }, `schema ${f.schema_errors}`),
    f.schema_warnings > 0 && h("span", { class: "flag warn", title: "schema warnings" }, `warn ${f.schema_warnings}`),
    f.forwarded && h("span", { class: "flag dim", title: "forwarded to the app" }, "fwd"),
    f.error && h("span", { class: "flag bad", title: "refused" }, "err"),
    row.positions.length > 0 && h("span", { class: "flag dim", title: "has a position" }, "◉"),
  ];
}

const eventName = (row) => row.event ?? (row.method ? `${row.method} ${row.path ?? ""}` : "(unknown)");

// ── The list ─────────────────────────────────────────────────────────────────────────────────

function rowElement(row) {
  return h(
    "tr",
    { "data-id": row.id, class: row.verdict === "invalid" || row.flags.error ? "row refused" : "row", onclick: () => select(state.rows.indexOf(row), true) },
    h("td", { class: "time", title: row.received_at }, clock(row.received_at)),
    h("td", { class: "provider" }, row.provider ?? (row.source === "feed" ? "feed" : "–")),
    h("td", { class: "event" }, h("span", { class: "swatch", "data-color": colorOf(row.event) }), eventName(row)),
    h("td", {}, verdictBadge(row.verdict)),
    h("td", { class: "who", title: row.summary ?? "" }, row.who ?? ""),
    h("td", {}, statusBadge(row.status)),
    h("td", { class: "flags" }, flagBadges(row)),
  );
}

/** Swatch colours, set through the CSSOM (allowed by the page's CSP, unlike style attributes). */
function paintSwatches(root) {
  for (const el of root.querySelectorAll(".swatch[data-color]")) el.style.backgroundColor = el.dataset.color;
}

function renderRows() {
  const body = $("rows");
  body.replaceChildren(...state.rows.map(rowElement));
  paintSwatches(body);
  markSelectedQuietly();
  renderCount();
}

function renderCount() {
  const shown = state.rows.length;
  $("count").textContent = `${state.matched} event${state.matched === 1 ? "" : "s"}${shown < state.matched ? ` (${shown} shown)` : ""}`;
  const empty = $("empty");
  empty.hidden = shown > 0;
  empty.textContent = FILTERS.some((k) => state.filters[k]) ? "No event matches these filters." : "No events yet: they appear here as they arrive.";
  $("more").hidden = !(shown > 0 && shown < state.matched && shown < MAX_ROWS);
}

function markSelected() {
  for (const tr of $("rows").children) tr.classList.toggle("selected", Number(tr.dataset.id) === state.rows[state.selected]?.id);
  const tr = $("rows").children[state.selected];
  tr?.scrollIntoView({ block: "nearest" });
}

function select(index, open = false) {
  if (state.rows.length === 0) return;
  state.selected = Math.max(0, Math.min(state.rows.length - 1, index));
  markSelected();
  if (open) openDetail(state.rows[state.selected].id);
}

function addLive(row) {
  if (row.id <= state.lastId && state.rows.some((r) => r.id === row.id)) return;
  state.lastId = Math.max(state.lastId, row.id);
  const selectedId = state.rows[state.selected]?.id;
  state.rows.unshift(row);
  state.matched++;
  const body = $("rows");
  const tr = rowElement(row);
  body.prepend(tr);
  paintSwatches(tr);
  if (state.rows.length > MAX_ROWS) {
    state.rows.pop();
    body.lastElementChild?.remove();
  }
  if (selectedId !== undefined) state.selected = state.rows.findIndex((r) => r.id === selectedId);
  markSelectedQuietly();
  renderCount();
  scheduleRefresh();
}

function markSelectedQuietly() {
  const id = state.rows[state.selected]?.id;
  for (const tr of $("rows").children) tr.classList.toggle("selected", Number(tr.dataset.id) === id);
}

async function loadList() {
  const data = await api(`/api/entries${query({ limit: PAGE })}`);
  state.rows = data.rows;
  state.matched = data.matched;
  state.lastId = data.last_id;
  state.selected = state.rows.length ? Math.max(0, state.rows.findIndex((r) => r.id === state.openId)) : -1;
  renderRows();
  connect(data.last_id);
}

async function loadOlder() {
  const oldest = state.rows.at(-1);
  if (!oldest) return;
  const data = await api(`/api/entries${query({ limit: PAGE, before: oldest.id })}`);
  state.rows.push(...data.rows);
  state.matched = data.matched;
  const body = $("rows");
  const trs = data.rows.map(rowElement);
  body.append(...trs);
  for (const tr of trs) paintSwatches(tr);
  renderCount();
}

// ── Live updates ─────────────────────────────────────────────────────────────────────────────

function connect(after) {
  state.source?.close();
  // After a reload the list above is current up to `after`; the stream goes on from there. The
  // browser resumes a dropped stream by itself, with Last-Event-ID.
  const es = new EventSource(`/api/stream${query({ after })}`);
  state.source = es;
  const live = $("live");
  es.addEventListener("hello", () => {
    live.textContent = "● live";
    live.className = "live on";
  });
  es.addEventListener("message", (e) => addLive(JSON.parse(e.data)));
  es.addEventListener("reset", () => void loadList().catch(showError));
  es.addEventListener("error", () => {
    live.textContent = "reconnecting…";
    live.className = "live off";
    // The page may have been signed out (the inspector restarted): ask once.
    void api("/api/config").catch(() => es.close());
  });
}

let refreshTimer;
function scheduleRefresh() {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    void loadSummary().catch(showError);
    if (state.view === "map") void loadMap().catch(showError);
  }, 400);
}

// ── Summary ──────────────────────────────────────────────────────────────────────────────────

async function loadSummary() {
  const s = await api(`/api/summary${query()}`);
  const el = $("summary");
  const item = (label, value, cls = "") => h("span", { class: `stat ${cls}` }, h("b", {}, String(value)), ` ${label}`);
  const parts = [
    item(s.total === 1 ? "event" : "events", s.total),
    ...s.types.slice(0, 8).map((t) => h("span", { class: "stat type" }, h("span", { class: "swatch", "data-color": colorOf(t.event) }), `${t.event} `, h("b", {}, String(t.count)))),
    s.types.length > 8 ? h("span", { class: "stat dim" }, `+${s.types.length - 8} types`) : null,
    item("verified", s.verified, "ok"),
    item("failed", s.failed, s.failed ? "bad" : ""),
    item("refused", s.refused, s.refused ? "warn" : ""),
    item(s.duplicates === 1 ? "duplicate" : "duplicates", s.duplicates, s.duplicates ? "warn" : ""),
    item("late", s.late, s.late ? "warn" : ""),
    h("span", { class: "stat" }, "p50 ", h("b", {}, msText(s.p50)), " · p99 ", h("b", {}, msText(s.p99))),
  ];
  el.replaceChildren(...parts.filter(Boolean));
  paintSwatches(el);
}

// ── Detail ───────────────────────────────────────────────────────────────────────────────────

function section(title, ...children) {
  return h("section", { class: "block" }, h("h3", {}, title), ...children);
}

function kv(pairs) {
  return h("dl", { class: "kv" }, pairs.filter(([, v]) => v !== undefined && v !== null && v !== "").flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

/** "$.trip.distance: expected number…" → [path, message]. */
function splitIssue(text) {
  const m = /^(\$[^:]*): (.*)$/s.exec(text);
  return m ? [m[1], m[2]] : ["$", text];
}

async function openDetail(id) {
  state.openId = id;
  setUrl();
  const pane = $("detail");
  pane.hidden = false;
  pane.replaceChildren(h("p", { class: "dim" }, "loading…"));
  let d;
  try {
    d = await api(`/api/entries/${id}`);
  } catch (e) {
    pane.replaceChildren(h("p", { class: "bad" }, `#${id}: ${e.message}`), closeButton());
    return;
  }
  if (state.openId !== id) return;
  pane.replaceChildren(...detailView(d));
  paintSwatches(pane);
}

function closeButton() {
  return h("button", { type: "button", class: "close", title: "close (Esc)", onclick: closeDetail }, "×");
}

function closeDetail() {
  state.openId = undefined;
  $("detail").hidden = true;
  setUrl();
}

function detailView(d) {
  const { row, record } = d;
  const v = record.verification;
  const head = h(
    "header",
    { class: "facts" },
    closeButton(),
    h("div", { class: "factline" },
      h("span", { class: "dim" }, `#${row.id} ${clock(row.received_at)}`), " ",
      h("b", {}, row.provider ?? ""), " ",
      h("b", { class: "event-name" }, eventName(row)), " ",
      verdictBadge(row.verdict), " ",
      row.who ? h("span", { class: "who" }, row.who) : null, " ",
      row.status !== undefined ? h("span", {}, "→ ", statusBadge(row.status)) : null,
    ),
    row.summary ? h("div", { class: "summary-line" }, row.summary) : null,
  );
  const out = [head];

  const diag = [];
  if (v) {
    diag.push(h("p", { class: `verdict ${VERDICTS[v.verdict]?.[1] ?? ""}` }, verdictBadge(v.verdict), " ", v.reason ? h("code", {}, v.reason) : null));
    diag.push(h("p", { class: "diagnosis" }, v.message));
  }
  // listen's error often repeats the diagnosis: shown only when it says something more.
  if (record.error && !(v && record.error.includes(v.message))) diag.push(h("p", { class: "bad" }, `✖ ${record.error}`));
  if (record.duplicate_of) diag.push(h("p", { class: "warn" }, `! duplicate of the delivery received at ${record.duplicate_of}${row.event_id ? ` (event id ${row.event_id})` : ""}`));
  if (record.late_by_ms !== undefined) diag.push(h("p", { class: "warn" }, `! late by ${span(record.late_by_ms)}${record.event_time ? ` (event time ${record.event_time})` : ""}`));
  if (diag.length) out.push(section("Verification", ...diag));

  const val = record.validation;
  if (val && (val.errors.length || val.warnings.length)) {
    const issue = (text, cls) => {
      const [path, message] = splitIssue(text);
      return h("li", { class: cls }, h("code", { class: "path" }, path), " ", message);
    };
    out.push(section("Schema", h("ul", { class: "issues" }, val.errors.map((e) => issue(e, "bad")), val.warnings.map((w) => issue(w, "warn")))));
  } else if (val) {
    out.push(section("Schema", h("p", { class: "ok" }, "✔ valid against its schema")));
  }

  if (record.forward) {
    const f = record.forward;
    out.push(section("Forwarded", kv([["to", f.url], ["status", f.status !== undefined ? String(f.status) : undefined], ["latency", msText(f.latency_ms)], ["error", f.error], ["re-signed", f.resigned ? "yes" : undefined], ["answer", f.response]])));
  }

  out.push(section("Request", kv([["source", record.source], ["method", record.method], ["path", record.path], ["peer", record.peer], ["received", record.received_at], ["event id", row.event_id], ["event time", record.event_time], ["handling", record.handling_ms !== undefined ? msText(record.handling_ms) : undefined]])));

  const headers = Object.entries(record.headers ?? {});
  if (headers.length) out.push(section("Headers", h("table", { class: "headers" }, headers.map(([k, val]) => h("tr", {}, h("th", {}, k), h("td", {}, val))))));

  out.push(bodyBlock(d));
  out.push(actionsBlock(d));
  return out;
}

function bodyBlock(d) {
  const raw = d.body ?? d.body_base64 ?? "";
  const rawPre = h("pre", { class: "body raw", id: "body-raw" }, raw);
  const prettyPre = d.pretty !== undefined ? h("pre", { class: "body pretty", id: "body-pretty", hidden: true }, d.pretty) : null;
  const rawBtn = h("button", { type: "button", "aria-pressed": "true" }, d.body === null ? "Raw (base64)" : "Raw");
  const prettyBtn = prettyPre ? h("button", { type: "button", "aria-pressed": "false" }, "Pretty") : null;
  const show = (pretty) => {
    rawPre.hidden = pretty;
    if (prettyPre) prettyPre.hidden = !pretty;
    rawBtn.setAttribute("aria-pressed", String(!pretty));
    prettyBtn?.setAttribute("aria-pressed", String(pretty));
  };
  rawBtn.addEventListener("click", () => show(false));
  prettyBtn?.addEventListener("click", () => show(true));
  const bytes = new TextEncoder().encode(d.body ?? "").length;
  return section("Body", h("div", { class: "toggle" }, rawBtn, prettyBtn, h("span", { class: "dim" }, d.body === null ? " not UTF-8" : ` ${bytes} bytes, exactly as received`)), rawPre, prettyPre);
}

function actionsBlock(d) {
  const targets = state.config.targets;
  const choose = h("select", { id: "target", "aria-label": "replay target" }, targets.map((t) => h("option", { value: t.name }, `${t.name} (${t.url})`)));
  const result = h("p", { class: "result", id: "replay-result", "aria-live": "polite" });
  const none = targets.length === 0;
  const replayBtn = h("button", { type: "button", id: "replay", disabled: none, onclick: () => replay(d, undefined, result, choose.value) }, "Replay");
  const editor = h("textarea", { id: "edit-body", spellcheck: "false", rows: 12, hidden: true });
  editor.value = d.pretty ?? d.body ?? "";
  const sendEdited = h("button", { type: "button", id: "send-edited", hidden: true, disabled: none, onclick: () => replay(d, editor.value, result, choose.value) }, "Send edited (re-signed)");
  const editBtn = h("button", { type: "button", id: "edit", disabled: d.body === null, onclick: () => {
    editor.hidden = !editor.hidden;
    sendEdited.hidden = editor.hidden;
    if (!editor.hidden) editor.focus();
  } }, "Edit & replay");
  const curlText = h("pre", { class: "curl", id: "curl", hidden: true });
  const curlFor = () => d.curl[choose.value] ?? Object.values(d.curl)[0] ?? "";
  const curlBtn = h("button", { type: "button", id: "copy-curl", onclick: async () => {
    curlText.textContent = curlFor();
    curlText.hidden = false;
    try {
      await navigator.clipboard.writeText(curlFor());
      result.textContent = "curl command copied (secrets redacted)";
    } catch {
      result.textContent = "select the command below to copy it (secrets redacted)";
    }
  } }, "Copy as curl");
  return section(
    "Actions",
    h("div", { class: "actions" }, none ? h("span", { class: "dim" }, "no replay targets (start inspect with --replay-to URL)") : choose, replayBtn, editBtn, curlBtn),
    editor,
    sendEdited,
    result,
    curlText,
  );
}

async function replay(d, editedBody, result, target) {
  result.className = "result";
  result.textContent = editedBody === undefined ? "replaying…" : "signing and sending…";
  try {
    const r = await api(`/api/entries/${d.row.id}/replay`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(editedBody === undefined ? { target } : { target, body: editedBody }),
    });
    const how = r.edited ? (r.resigned ? "edited, re-signed" : "edited") : "same bytes and headers";
    if (r.error) {
      result.className = "result bad";
      result.textContent = `✖ ${r.target}: ${r.error} (${how})`;
    } else {
      result.className = `result ${r.status < 300 ? "ok" : r.status >= 500 ? "bad" : "warn"}`;
      result.textContent = `→ ${r.target}: ${r.status} in ${msText(r.latency_ms)} (${how})${r.note ? ` · ${r.note}` : ""}  ${r.body_start ?? ""}`;
    }
  } catch (e) {
    if (e instanceof SignedOut) return;
    result.className = "result bad";
    result.textContent = `✖ ${e.message}`;
  }
}

// ── Map ──────────────────────────────────────────────────────────────────────────────────────

async function loadMap() {
  const { points } = await api(`/api/positions${query()}`);
  const types = drawMap($("map"), points, (id) => openDetail(id));
  $("legend").replaceChildren(...types.map(([name, color]) => h("li", {}, h("span", { class: "swatch", "data-color": color }), name)));
  paintSwatches($("legend"));
}

// ── Views, filters, URL, keys ────────────────────────────────────────────────────────────────

function setUrl() {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (state.filters[k]) p.set(k, state.filters[k]);
  if (state.view !== "list") p.set("view", state.view);
  if (state.openId !== undefined) p.set("id", String(state.openId));
  const s = p.toString();
  history.replaceState(null, "", s ? `/?${s}` : "/");
  $("export").setAttribute("href", `/api/export${query()}`);
}

function setView(view) {
  state.view = view;
  $("list-view").hidden = view !== "list";
  $("map-view").hidden = view !== "map";
  $("tab-list").setAttribute("aria-pressed", String(view === "list"));
  $("tab-map").setAttribute("aria-pressed", String(view === "map"));
  setUrl();
  if (view === "map") void loadMap().catch(showError);
}

let filterTimer;
function onFilter() {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => {
    for (const k of FILTERS) state.filters[k] = $(`f-${k}`).value.trim();
    setUrl();
    void reload();
  }, 200);
}

async function reload() {
  try {
    await Promise.all([loadList(), loadSummary(), state.view === "map" ? loadMap() : undefined]);
  } catch (e) {
    showError(e);
  }
}

function showError(e) {
  if (e instanceof SignedOut) return;
  $("live").textContent = `error: ${e.message}`;
  $("live").className = "live off";
}

function onKey(e) {
  const t = e.target;
  const typing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement;
  if (e.key === "Escape") {
    if (typing) t.blur();
    else if (state.openId !== undefined) closeDetail();
    return;
  }
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === "/") {
    e.preventDefault();
    $("f-q").focus();
  } else if (e.key === "j" || e.key === "ArrowDown") {
    e.preventDefault();
    select(state.selected + 1, state.openId !== undefined);
  } else if (e.key === "k" || e.key === "ArrowUp") {
    e.preventDefault();
    select(state.selected - 1, state.openId !== undefined);
  } else if (e.key === "Enter" && state.selected >= 0 && !(t instanceof HTMLButtonElement)) {
    e.preventDefault();
    openDetail(state.rows[state.selected].id);
  }
}

async function start() {
  const params = new URLSearchParams(location.search);
  for (const k of FILTERS) {
    const v = params.get(k) ?? "";
    state.filters[k] = v;
    $(`f-${k}`).value = v;
  }
  $("filters").addEventListener("submit", (e) => e.preventDefault());
  $("filters").addEventListener("input", onFilter);
  $("filters").addEventListener("change", onFilter);
  $("tab-list").addEventListener("click", () => setView("list"));
  $("tab-map").addEventListener("click", () => setView("map"));
  $("more").addEventListener("click", () => void loadOlder().catch(showError));
  document.addEventListener("keydown", onKey);
  const id = Number(params.get("id"));
  if (Number.isInteger(id) && id > 0) state.openId = id;
  // The list does not wait for the configuration (only the detail's actions need it).
  const config = api("/api/config").then((c) => (state.config = c));
  setView(params.get("view") === "map" ? "map" : "list");
  await reload();
  try {
    await config;
  } catch (e) {
    showError(e);
    return;
  }
  if (state.openId !== undefined) void openDetail(state.openId);
}

void start();

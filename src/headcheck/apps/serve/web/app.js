// The headcheck page: send the article to POST /v1/check and show the report.
// All text reaches the page through textContent, never as markup, so nothing in an
// article or a headline can run as script.
"use strict";

const meanings = JSON.parse(document.getElementById("meanings").textContent);
const $ = (id) => document.getElementById(id);

function mode() {
  return document.querySelector("input[name=mode]:checked").value;
}

function showMode() {
  $("text-fields").hidden = mode() !== "text";
  $("url-fields").hidden = mode() !== "url";
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function percent(p) {
  return `${Math.round(p * 100)}%`;
}

// Report offsets count Unicode code points (Python string indices), while JavaScript
// strings count UTF-16 units, so texts are sliced as arrays of code points.

// The characters from..to of `chars` into `parent`, each finding span in it wrapped in a flag.
function appendFlagged(parent, chars, from, to, spans) {
  let at = from;
  for (const s of spans) {
    const start = Math.max(s.start, at);
    const end = Math.min(s.end, to);
    if (end <= start) continue;
    parent.append(chars.slice(at, start).join(""));
    const flag = element("span", chars.slice(start, end).join(""), `flag ${s.severity}`);
    flag.title = s.message;
    parent.append(flag);
    at = end;
  }
  parent.append(chars.slice(at, to).join(""));
}

// Where the findings point in one text ("headline_span" or "body_span"), checked against the text.
function findingSpans(text, findings, side) {
  const chars = Array.from(text);
  return findings
    .filter((f) => f[side] && chars.slice(f[side].start, f[side].end).join("") === f[side].text)
    .map((f) => ({ ...f[side], severity: f.severity, message: f.message }))
    .sort((a, b) => a.start - b.start);
}

function highlight(body, evidence, findings) {
  const chars = Array.from(body);
  const flags = findingSpans(body, findings, "body_span");
  const spans = evidence
    .map((e, rank) => ({ ...e, rank: rank + 1 }))
    .filter((e) => chars.slice(e.start, e.end).join("") === e.text)
    .sort((a, b) => a.start - b.start);
  const view = $("highlighted");
  view.replaceChildren();
  let at = 0;
  for (const e of spans) {
    if (e.start < at) continue;
    appendFlagged(view, chars, at, e.start, flags);
    const mark = element("mark");
    appendFlagged(mark, chars, e.start, e.end, flags);
    mark.dataset.rank = String(e.rank);
    mark.title = `evidence ${e.rank}, relevance ${e.score.toFixed(2)}`;
    view.append(mark);
    at = e.end;
  }
  appendFlagged(view, chars, at, chars.length, flags);
}

const CONTEXT_CHARS = 60;

// The words a finding concerns in their surroundings: "…the tram was carrying [12] passengers…".
// Where the text is not on the page (a checked link) or does not hold the span, the words stand alone.
function excerpt(label, text, span, finding) {
  let chars = Array.from(text === null ? "" : text);
  let { start, end } = span;
  if (chars.slice(start, end).join("") !== span.text) {
    chars = Array.from(span.text);
    [start, end] = [0, chars.length];
  }
  const from = Math.max(0, start - CONTEXT_CHARS);
  const to = Math.min(chars.length, end + CONTEXT_CHARS);
  const quote = element("q");
  if (from > 0) quote.append("\u2026");
  appendFlagged(quote, chars, from, to, [{ start, end, severity: finding.severity, message: finding.message }]);
  if (to < chars.length) quote.append("\u2026");
  const line = element("div", undefined, "finding-where");
  line.append(element("span", label, "finding-side"), quote);
  return line;
}

// The signals that decided, flagged like findings: the headline's words and the body's words.
function reasonSpans(report) {
  return (report.reasons || []).map((r) => ({ ...r, severity: "reason" }));
}

// Why (each deciding signal beside the words on both sides), claims, findings, the clickbait score and the
// suggested headline.
function showExplanations(report, body) {
  const reasons = reasonSpans(report);
  $("reasons-box").hidden = reasons.length === 0;
  $("reasons").replaceChildren(...reasons.map((r) => {
    const item = element("li");
    item.append(element("span", r.kind, "severity reason"), " ", r.message);
    if (r.headline_span) item.append(excerpt("headline", report.headline, r.headline_span, r));
    if (r.body_span && body !== null) item.append(excerpt("body", body, r.body_span, r));
    return item;
  }));
  const claims = report.claims || [];
  $("claims-box").hidden = claims.length < 2 && !claims.some((c) => c.attribution);
  $("claims").replaceChildren(...claims.map((c) => {
    const item = element("li");
    item.append(element("span", c.verdict, `verdict small ${c.verdict}`), " ", c.text);
    const about = `${c.stance}, ${percent(c.confidence)}` + (c.attribution ? `, attributed to ${c.attribution}` : "");
    item.append(" ", element("span", `(${about})`, "meta"));
    return item;
  }));
  const findings = report.findings || [];
  $("findings-box").hidden = findings.length === 0;
  $("findings").replaceChildren(...findings.map((f) => {
    const item = element("li");
    item.append(element("span", f.severity, `severity ${f.severity}`), " ", f.message);
    if (f.headline_span) item.append(excerpt("headline", report.headline, f.headline_span, f));
    if (f.body_span) item.append(excerpt("body", body, f.body_span, f));
    return item;
  }));
  $("suggestion-line").hidden = !report.suggested_headline;
  $("suggestion").textContent = report.suggested_headline || "";
  $("clickbait-line").hidden = typeof report.clickbait !== "number";
  $("clickbait").textContent = typeof report.clickbait === "number" ? report.clickbait.toFixed(2) : "";
}

function show(report, body, checkId) {
  const findings = [...(report.findings || []), ...reasonSpans(report)];
  const headline = Array.from(report.headline);
  $("result-headline").replaceChildren();
  appendFlagged($("result-headline"), headline, 0, headline.length,
    findingSpans(report.headline, findings, "headline_span"));
  const verdict = $("verdict");
  verdict.textContent = report.verdict;
  verdict.className = `verdict ${report.verdict}`;
  $("meaning").textContent = meanings[report.verdict] || "";
  $("confidence").textContent = percent(report.confidence);

  const rows = $("probabilities").tBodies[0];
  rows.replaceChildren();
  for (const [stance, p] of Object.entries(report.probabilities)) {
    const row = rows.insertRow();
    row.append(element("th", stance));
    const bar = element("span", "", `bar ${stance}`);
    bar.style.width = percent(p);
    const cell = row.insertCell();
    cell.className = "bar-cell";
    cell.append(bar);
    row.append(element("td", p.toFixed(2), "number"));
  }

  $("warnings").replaceChildren(...report.warnings.map((w) => element("li", w)));
  showExplanations(report, body);
  const list = $("evidence");
  list.replaceChildren(...report.evidence.map((e) => element("li", `\u201c${e.text}\u201d`)));
  if (report.evidence.length === 0) list.append(element("li", "No sentence of the body shares words with the headline."));

  $("body-view").hidden = body === null;
  if (body !== null) highlight(body, report.evidence, findings);
  $("model").textContent = report.model;
  $("check-id-line").hidden = !checkId;
  $("check-id").textContent = checkId || "";
  $("result").hidden = false;
}

async function submit(event) {
  event.preventDefault();
  const status = $("status");
  const button = $("submit");
  const body = mode() === "text" ? $("body").value.trim() : null;
  const request = body === null ? { url: $("url").value.trim() } : { headline: $("headline").value, body };
  const headers = { "Content-Type": "application/json" };
  const key = $("api-key").value.trim();
  if (key) headers["X-API-Key"] = key;

  button.disabled = true;
  status.className = "";
  status.textContent = "Checking\u2026";
  try {
    const response = await fetch("/v1/check", { method: "POST", headers, body: JSON.stringify(request) });
    const data = await response.json().catch(() => ({ error: `the server answered ${response.status}` }));
    if (!response.ok) {
      if (response.status === 401) $("key-box").open = true;
      throw new Error(data.error || `the server answered ${response.status}`);
    }
    status.textContent = "";
    show(data, body, response.headers.get("X-Check-Id"));
  } catch (error) {
    status.className = "error";
    status.textContent = error.message;
    $("result").hidden = true;
  } finally {
    button.disabled = false;
  }
}

for (const radio of document.querySelectorAll("input[name=mode]")) radio.addEventListener("change", showMode);
$("check-form").addEventListener("submit", submit);
showMode();

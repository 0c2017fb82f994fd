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
// strings count UTF-16 units, so the body is sliced as an array of code points.
function highlight(body, evidence) {
  const chars = Array.from(body);
  const spans = evidence
    .map((e, rank) => ({ ...e, rank: rank + 1 }))
    .filter((e) => chars.slice(e.start, e.end).join("") === e.text)
    .sort((a, b) => a.start - b.start);
  const view = $("highlighted");
  view.replaceChildren();
  let at = 0;
  for (const e of spans) {
    if (e.start < at) continue;
    view.append(chars.slice(at, e.start).join(""));
    const mark = element("mark", e.text);
    mark.dataset.rank = String(e.rank);
    mark.title = `evidence ${e.rank}, relevance ${e.score.toFixed(2)}`;
    view.append(mark);
    at = e.end;
  }
  view.append(chars.slice(at).join(""));
}

// Claims, findings, the clickbait score and the suggested headline (report schema 2).
function showExplanations(report) {
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
    return item;
  }));
  $("suggestion-line").hidden = !report.suggested_headline;
  $("suggestion").textContent = report.suggested_headline || "";
  $("clickbait-line").hidden = typeof report.clickbait !== "number";
  $("clickbait").textContent = typeof report.clickbait === "number" ? report.clickbait.toFixed(2) : "";
}

function show(report, body, checkId) {
  $("result-headline").textContent = report.headline;
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
  showExplanations(report);
  const list = $("evidence");
  list.replaceChildren(...report.evidence.map((e) => element("li", `\u201c${e.text}\u201d`)));
  if (report.evidence.length === 0) list.append(element("li", "No sentence of the body shares words with the headline."));

  $("body-view").hidden = body === null;
  if (body !== null) highlight(body, report.evidence);
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

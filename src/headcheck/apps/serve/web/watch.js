// The watch page: each feed (GET /v1/watch/feeds) with its latest flagged items (GET /v1/watch/items),
// their verdict, evidence and reasons. All text goes in through textContent, never as markup: feed titles,
// headlines and article text come from other sites and must not run as script.
"use strict";

const ITEMS_PER_FEED = 5;
const EVIDENCE_SHOWN = 2;
const $ = (id) => document.getElementById(id);

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (className) node.className = className;
  return node;
}

async function get(path) {
  const headers = { Accept: "application/json" };
  const key = $("api-key").value.trim();
  if (key) headers["X-API-Key"] = key;
  const response = await fetch(path, { headers });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
  return data;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : "never";
}

// Why the item was flagged: the judge's notes, the claims the body does not bear out, the findings, warnings.
function reasons(report) {
  const list = [...report.notes];
  for (const claim of report.claims) {
    if (claim.verdict !== "faithful") list.push(`claim “${claim.text}”: ${claim.verdict}`);
  }
  for (const finding of report.findings) list.push(`${finding.severity}: ${finding.message}`);
  return [...list, ...report.warnings];
}

function itemView(item) {
  const report = item.report;
  const box = element("article", undefined, "watch-item");
  const title = element("h3");
  title.append(element("span", report.verdict, `verdict small ${report.verdict}`), " ");
  if (/^https?:\/\//.test(item.link || "")) {
    const link = element("a", item.feed_title);
    link.href = item.link;
    link.rel = "noopener noreferrer";
    title.append(link);
  } else {
    title.append(item.feed_title);
  }
  box.append(title);
  const meta = `checked ${when(item.checked_at)}, confidence ${Math.round(report.confidence * 100)}%`;
  box.append(element("p", item.page_title ? `The article’s own title: “${item.page_title}” · ${meta}` : meta, "meta"));
  const evidence = element("ol", undefined, "evidence");
  for (const e of report.evidence.slice(0, EVIDENCE_SHOWN)) evidence.append(element("li", `“${e.text}”`));
  box.append(element("h4", "Evidence from the article"), evidence);
  const why = reasons(report);
  if (why.length) {
    const list = element("ul", undefined, "reasons");
    for (const reason of why) list.append(element("li", reason));
    box.append(element("h4", "Reasons"), list);
  }
  return box;
}

async function feedView(feed) {
  const section = element("section", undefined, "watch-feed");
  section.append(element("h2", feed.title || feed.url));
  const state = `${feed.url} · last poll ${when(feed.last_poll)} · next ${when(feed.next_poll)} · ` +
    `${feed.checked} checked, ${feed.flagged} flagged`;
  section.append(element("p", state, "meta"));
  if (feed.last_error) section.append(element("p", feed.last_error, feed.last_status === "error" ? "error" : "note"));
  const query = new URLSearchParams({ feed: feed.url, flagged: "true", limit: String(ITEMS_PER_FEED) });
  const page = await get(`/v1/watch/items?${query}`);
  if (!page.items.length) section.append(element("p", "No flagged items.", "meta"));
  for (const item of page.items) section.append(itemView(item));
  return section;
}

async function load() {
  $("status").textContent = "Loading…";
  $("status").className = "";
  try {
    const { feeds } = await get("/v1/watch/feeds");
    $("feeds").replaceChildren(...(await Promise.all(feeds.map(feedView))));
    $("status").textContent = feeds.length ? `${feeds.length} feeds watched.` : "No feeds watched yet.";
  } catch (error) {
    $("status").textContent = error.message;
    $("status").className = "error";
  }
}

$("reload").addEventListener("click", load);
load();

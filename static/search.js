// Search page: Pagefind's JS API with filters; query and filters live in the URL.
// Loaded only on the search page; the page works without it (links to browse instead).
const config = JSON.parse(document.getElementById("search-config").textContent);
const form = document.getElementById("search-form");
const input = document.getElementById("search-page-input");
const filtersBox = document.getElementById("search-filters");
const statusBox = document.getElementById("search-status");
const list = document.getElementById("search-results");
const boxes = Array.from(form.querySelectorAll("input[type=checkbox]"));
const facetKeys = Array.from(new Set(boxes.map((b) => b.name)));
let pagefind = null;
let timer = null;
let serial = 0;
let current = null;
let shown = 0;
const PAGE = 10;
const more = document.getElementById("search-more");
const toggle = document.getElementById("filters-toggle");
const activeBox = document.getElementById("filters-active");
const noneBox = document.getElementById("search-none");
const unfiltered = document.getElementById("search-unfiltered");
const untold = document.getElementById("search-untold");

function text(s, count) {
  return count === undefined ? s : s.replace("%(count)s", String(count));
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const box of boxes) box.checked = params.getAll(box.name).includes(box.value);
}

function stateUrl() {
  const params = new URLSearchParams();
  if (input.value.trim()) params.set("q", input.value.trim());
  for (const box of boxes) if (box.checked) params.append(box.name, box.value);
  const query = params.toString();
  return location.pathname + (query ? "?" + query : "");
}

function showActive() {
  // The filters stay folded behind one line (results first on a phone), which says how many are on.
  const active = boxes.filter((b) => b.checked).length;
  activeBox.textContent = active ? "(" + active + ")" : "";
  if (active) toggle.open = true;
  unfiltered.hidden = !active;
}

function keepSearchInLanguageLinks() {
  // Switching language on the search page keeps the query and the filters.
  for (const link of document.querySelectorAll(".langs a[hreflang]")) {
    const target = new URL(link.href, location.href);
    target.search = location.search;
    link.href = target.pathname + target.search;
  }
}

function chosenFilters() {
  const filters = {};
  for (const key of facetKeys) {
    const values = boxes.filter((b) => b.name === key && b.checked).map((b) => b.dataset.label);
    if (values.length) filters[key] = { any: values };
  }
  return filters;
}

function showCounts(counts) {
  for (const box of boxes) {
    const n = (counts[box.name] || {})[box.dataset.label] || 0;
    box.parentElement.querySelector("[data-count]").textContent = "(" + n + ")";
  }
}

function element(tag, attrs, content) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (content !== undefined) node.textContent = content;
  return node;
}

async function run() {
  const mine = ++serial;
  showActive();
  keepSearchInLanguageLinks();
  noneBox.hidden = true;
  untold.hidden = true;
  const query = input.value.trim();
  const filters = chosenFilters();
  if (!query && !Object.keys(filters).length) {
    current = null;
    more.hidden = true;
    list.replaceChildren();
    statusBox.textContent = config.strings.prompt;
    await loadFilters(false);
    if (filtersLoaded && mine === serial) showCounts(await pagefind.filters());
    return;
  }
  statusBox.textContent = config.strings.loading;  // said before anything is awaited
  await loadFilters(Object.keys(filters).length > 0);
  const search = await pagefind.search(query || null, { filters });
  if (mine !== serial || !search) return;
  current = search;
  shown = 0;
  list.replaceChildren();
  await showMore(mine);
  if (mine !== serial) return;
  const n = search.results.length;
  statusBox.textContent = n === 0 ? config.strings.none : n === 1 ? config.strings.one : text(config.strings.results, n);
  noneBox.hidden = n !== 0;  // never a dead end: the theme pages, the A–Z list, the same search without filters
  if (!filtersLoaded) return;  // counts only once the filters are open or used
  const counts = await trueCounts(query, filters, search.filters || {});
  if (mine !== serial) return;
  showCounts(counts);
  showUntold(filters, counts);
}

function showUntold(filters, counts) {
  // Organisations that have not told where they work or their languages are not dropped silently.
  const missing = Object.entries(config.unknown).filter(([key, label]) =>
    filters[key] && !filters[key].any.includes(label) && ((counts[key] || {})[label] || 0) > 0);
  untold.hidden = !missing.length;
  if (!missing.length) return;
  const most = Math.max(...missing.map(([key, label]) => counts[key][label]));
  untold.querySelector("span").textContent = text(config.strings.untold, most);
  untold.querySelector("button").onclick = () => {
    for (const [key, label] of missing) {
      const box = boxes.find((b) => b.name === key && b.dataset.label === label);
      if (box) box.checked = true;
    }
    update(true);
  };
}

let filtersLoaded = false;

async function loadFilters(used) {
  // Every filter's index (so that every count is right) is fetched only when the filters are opened
  // or used: a worker who only types a need word does not download them (a phone connection).
  if (filtersLoaded || !(used || toggle.open)) return;
  await pagefind.filters();
  filtersLoaded = true;
}

async function trueCounts(query, filters, counts) {
  // A value's count is what ticking it gives. Within a filter that already has ticked values (any of
  // them may match), that is the count without the filter's own choices: one more search for each.
  const out = { ...counts };
  for (const key of Object.keys(filters)) {
    const others = { ...filters };
    delete others[key];
    const search = Object.keys(others).length || query
      ? await pagefind.search(query || null, { filters: others }) : null;
    out[key] = search ? (search.filters || {})[key] || {} : (await pagefind.filters())[key] || {};
  }
  return out;
}

async function showMore(mine) {
  const batch = current.results.slice(shown, shown + PAGE);
  // Every result's data is asked for at once, and each is shown as soon as it and those above it have
  // come: the first result does not wait for the tenth.
  const pending = batch.map((r) => r.data());
  for (const item of pending) {
    const data = await item;
    if (mine !== serial) return;
    list.append(render(data));
  }
  document.dispatchEvent(new Event("shortlist:cards"));  // shortlist.js adds its buttons to the new results
  shown += batch.length;
  more.hidden = shown >= current.results.length;
}

function render(item) {
  const li = element("li", { class: "result" });
  if (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(item.meta.slug || "")) li.dataset.shortlistSlug = item.meta.slug;  // "add to the family's list"
  const h = element("h2", { class: "result-title" });
  h.append(element("a", { href: item.url }, item.meta.title || item.url));
  li.append(h);
  if (item.meta.kind) li.append(element("p", { class: "meta result-kind" }, item.meta.kind));  // a network or a theme, not an organisation
  if (item.meta.status) li.append(element("p", { class: "badge badge-listed" }, item.meta.status));  // as on the A–Z cards
  // The page's own one-line summary, never Pagefind's excerpt: the index also holds words that are
  // only for matching (base forms, synonyms), and an excerpt could show them.
  if (item.meta.summary) li.append(element("p", {}, item.meta.summary));
  const reach = element("p", { class: "reach" });
  if (item.meta.phone && item.meta.tel) reach.append(element("a", { href: "tel:" + item.meta.tel }, item.meta.phone));
  if (/^https?:\/\//.test(item.meta.website || "")) {
    reach.append(element("a", { href: item.meta.website, rel: "noopener noreferrer" }, new URL(item.meta.website).hostname.replace(/^www\./, "")));
  }
  if (reach.childNodes.length) li.append(reach);
  const meta = [item.meta.themes, item.meta.areas].filter(Boolean).join(" · ");
  if (meta) li.append(element("p", { class: "meta" }, meta));
  if (item.meta.sourced) li.append(element("p", { class: "web-note" }, item.meta.sourced));
  return li;
}

function update(push) {
  const url = stateUrl();
  if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
  return run();
}

async function start() {
  try {
    pagefind = await import(config.bundle + "pagefind.js");
    await pagefind.options({ baseUrl: config.base });
    await pagefind.init();
  } catch (err) {
    statusBox.textContent = config.strings.failed;
    return;
  }
  filtersBox.hidden = false;
  readUrl();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearTimeout(timer);
    await update(true);
    statusBox.focus();  // after a search, focus (and the screen reader) go to the result count
  });
  unfiltered.addEventListener("click", () => {
    for (const box of boxes) box.checked = false;
    update(true);
  });
  if (window.matchMedia("(min-width: 48rem)").matches) toggle.open = true;
  toggle.addEventListener("toggle", () => { if (toggle.open && !filtersLoaded) run(); });
  // Pagefind's documented preload fetches the index chunks for the words typed so far, while a short
  // pause still decides when to search (every key would otherwise start a search).
  input.addEventListener("input", () => {
    serial++;  // a search of the words typed before stops showing its results now: on a slow phone they held this one up
    if (input.value.trim()) pagefind.preload(input.value.trim());
    clearTimeout(timer);
    timer = setTimeout(() => update(false), 60);
  });
  for (const box of boxes) box.addEventListener("change", () => update(true));
  document.getElementById("search-clear").addEventListener("click", () => {
    for (const box of boxes) box.checked = false;
    update(true);
  });
  window.addEventListener("popstate", () => { readUrl(); run(); });
  more.addEventListener("click", async () => {
    const first = shown;
    await showMore(serial);
    const link = list.children[first] && list.children[first].querySelector("a");
    if (link) link.focus();
  });
  run();
}

start();

// The family's list: organisations a worker picks for a family, kept in this browser (localStorage)
// and in the list page's address, so it can be printed as a handout or sent as a link. Nothing is
// sent anywhere. Buttons are added by this script; without it the pages work as before.
// A list that comes with a link is shown as it is, with only the ids the directory knows; it is added
// to the list kept in this browser only when the worker says so.
const KEY = "hakemisto-family-list";
const MAX = 30; // the most organisations a list holds: a handout for one family, not a directory
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const body = document.body;

function ids(values) {
  // Well-formed ids, each once, at most MAX.
  return [...new Set(values.filter((s) => typeof s === "string" && SLUG.test(s)))].slice(0, MAX);
}

function read() {
  try {
    const found = JSON.parse(localStorage.getItem(KEY) || "[]");
    return Array.isArray(found) ? ids(found) : [];
  } catch (err) {
    return [];
  }
}

function save(slugs) {
  slugs = ids(slugs);
  try { localStorage.setItem(KEY, JSON.stringify(slugs)); } catch (err) { /* private mode: the address still holds it */ }
  showCount(slugs);
}

function listUrl(slugs) {
  const params = new URLSearchParams();
  for (const slug of slugs) params.append("o", slug);
  return body.dataset.shortlistUrl + (slugs.length ? "?" + params.toString() : "");
}

function showCount(slugs) {
  const link = document.getElementById("shortlist-link");
  if (!link) return;
  link.hidden = slugs.length === 0;
  link.textContent = body.dataset.list.replace("{}", String(slugs.length));
  link.href = listUrl(slugs);
}

function addButtons() {
  for (const holder of document.querySelectorAll("[data-shortlist-slug]")) {
    if (holder.querySelector(":scope > .shortlist-toggle")) continue; // already has its button
    const slug = holder.dataset.shortlistSlug;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "shortlist-toggle no-print";
    const label = () => {
      const on = read().includes(slug);
      button.textContent = on ? body.dataset.remove : body.dataset.add;
      button.setAttribute("aria-pressed", on ? "true" : "false");
    };
    button.addEventListener("click", () => {
      const slugs = read();
      save(slugs.includes(slug) ? slugs.filter((s) => s !== slug) : [...slugs, slug]);
      label();
    });
    label();
    holder.append(button);
  }
}

function text(value, lang) {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  return value[lang] || value.fi || "";
}

function webFact(org, kind) {
  // The first fact of a kind read from the organisation's own web pages, with its page and date.
  const web = org.web || {};
  if (web.result !== "found") return null;
  for (const page of web.pages || []) {
    if (page[kind]) return { value: page[kind], url: page.url, read: page.read };
  }
  return null;
}

function add(parent, tag, content, attrs) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (content) node.textContent = content;
  parent.append(node);
  return node;
}

async function known() {
  // The directory's organisations by id.
  const data = await (await fetch(document.getElementById("shortlist").dataset.api)).json();
  return new Map(data.organizations.map((o) => [o.id, o]));
}

function offerToKeep(box, state) {
  // A list from a link joins the one kept in this browser only when the worker asks for it.
  const offer = document.createElement("p");
  offer.className = "shortlist-offer no-print";
  offer.setAttribute("role", "status");
  offer.textContent = box.dataset.offer + " ";
  box.before(offer);
  const button = add(offer, "button", box.dataset.keep, { type: "button" });
  button.addEventListener("click", () => {
    save([...read(), ...state.slugs]);
    state.kept = true;
    offer.textContent = box.dataset.kept;
    document.getElementById("shortlist-clear").hidden = false;
  });
}

function showCode(box) {
  // A QR code of the list's address; a plain link when the address is too long for one.
  const figure = add(box, "figure", "", { class: "shortlist-qr" });
  for (const level of ["M", "L"]) {
    try {
      const qr = window.qrcode(0, level);
      qr.addData(location.href);
      qr.make();
      add(figure, "img", "", { src: qr.createDataURL(4, 4), alt: box.dataset.qr, width: "164", height: "164" });
      add(figure, "figcaption", box.dataset.qr);
      return;
    } catch (err) { /* too long for this level: try the next, then the link */ }
  }
  figure.remove();
  const line = add(box, "p", "", { class: "shortlist-qr" });
  add(line, "a", box.dataset.link, { href: location.href });
}

function itemText(org, lang, words) {
  // What the handout says of one organisation in the family's language: what it offers, how to reach
  // it (its own details first, then the register's website, then its web pages' facts) and, for a
  // fact from its web pages, the page and the date it was read.
  const used = [];
  const fromWeb = (kind) => {
    const found = webFact(org, kind);
    if (found) used.push(found);
    return found ? found.value : null;
  };
  const summary = org.summary || fromWeb("summary");
  const referral = org.referral || {};
  const contact = [];
  if (referral.self_referral === true) contact.push(words.self);
  if (referral.self_referral === false) contact.push(words.referral);
  if (referral.how) contact.push(text(referral.how, lang));
  const phones = org.phone ? null : fromWeb("phones");
  const emails = org.email ? null : fromWeb("emails");
  for (const part of [org.phone || (phones && phones[0].number), org.email || (emails && emails[0]),
                      org.website || (org.register || {}).website || fromWeb("website")]) if (part) contact.push(part);
  const sources = [...new Map(used.map((f) => [f.url, f])).values()]
    .map((f) => words.source.replace("%(page)s", f.url).replace("%(date)s", f.read));
  return { summary: summary ? text(summary, lang) : "", contact, sources };
}

function renderItems(box, state) {
  // The list in the handout's language, each organisation with buttons to move or remove it.
  const words = state.strings[state.lang];
  const list = add(box, "ol", "", { class: "shortlist", lang: state.lang });
  state.slugs.forEach((slug, index) => {
    const org = state.directory.get(slug);
    const item = add(list, "li", "", { class: "shortlist-item" });
    add(item, "h2", text(org.name, state.lang));
    const said = itemText(org, state.lang, words);
    if (said.summary) add(item, "p", said.summary);
    if (said.contact.length) add(item, "p", words.contact + ": " + said.contact.join(" · "), { class: "shortlist-contact" });
    if (said.sources.length) add(item, "p", words.web + " " + said.sources.join(" "), { class: "shortlist-source" });
    const page = new URL(box.dataset.org.replace("__slug__", slug), location.href).href;
    const line = add(item, "p", words.page + ": ", { class: "shortlist-page" });
    add(line, "a", page, { href: page });
    const tools = add(item, "p", "", { class: "no-print shortlist-tools" });
    const name = text(org.name, document.documentElement.lang);
    for (const [label, move] of [[box.dataset.up, -1], [box.dataset.down, 1], [box.dataset.drop, 0]]) {
      if ((move === -1 && index === 0) || (move === 1 && index === state.slugs.length - 1)) continue;
      const button = add(tools, "button", label, { type: "button", class: "link-button", "aria-label": label + ": " + name });
      button.addEventListener("click", () => change(box, state, index, move));
    }
  });
  return list;
}

function change(box, state, index, move) {
  // Move an organisation up or down, or remove it (move 0); the address, and the list kept in this
  // browser when that is the list shown, follow.
  const slugs = [...state.slugs];
  const [slug] = slugs.splice(index, 1);
  if (move) slugs.splice(index + move, 0, slug);
  state.slugs = slugs;
  if (state.kept) save(slugs);
  history.replaceState(null, "", listUrl(slugs));
  show(box, state);
  const focus = box.querySelector(".shortlist-item:nth-child(" + Math.min(index + move + 1, slugs.length) + ") button");
  if (focus) focus.focus(); else document.getElementById("shortlist-print").focus();
}

function sendLinks(state) {
  // Text message, e-mail and copy: the list's address, with the page's title, for the family's phone.
  const message = document.title + ": " + location.href;
  document.getElementById("send-sms").href = "sms:?&body=" + encodeURIComponent(message);
  document.getElementById("send-mail").href = "mailto:?subject=" + encodeURIComponent(document.title) +
    "&body=" + encodeURIComponent(message);
  document.getElementById("shortlist-send").hidden = !state.slugs.length;
}

function show(box, state) {
  // The list, its QR code and its buttons, as the state now is.
  box.replaceChildren();
  document.getElementById("shortlist-print").hidden = !state.slugs.length;
  if (!state.slugs.length) {
    add(box, "p", box.dataset.empty);
    document.getElementById("shortlist-send").hidden = true;
    return;
  }
  renderItems(box, state);
  if (window.qrcode) showCode(box);
  sendLinks(state);
}

async function showList() {
  const box = document.getElementById("shortlist");
  if (!box) return;
  const params = new URLSearchParams(location.search);
  const fromLink = params.has("o");
  const saved = read();
  const wanted = fromLink ? [...new Set(params.getAll("o").filter((s) => SLUG.test(s)))] : saved;
  const directory = wanted.length ? await known() : new Map();
  const slugs = wanted.filter((s) => directory.has(s)).slice(0, MAX);
  history.replaceState(null, "", listUrl(slugs));
  const strings = JSON.parse(document.getElementById("shortlist-strings").textContent);
  const kept = !slugs.some((s) => !saved.includes(s));
  const state = { slugs, directory, strings, kept, lang: box.dataset.lang };
  const chooser = document.getElementById("shortlist-lang");
  chooser.value = state.lang;
  chooser.addEventListener("change", () => { state.lang = chooser.value; show(box, state); });
  document.getElementById("shortlist-controls").hidden = !slugs.length;
  show(box, state);
  const print = document.getElementById("shortlist-print");
  const clear = document.getElementById("shortlist-clear");
  clear.hidden = !slugs.length || !kept; // it empties the list kept here, so only for that list
  print.addEventListener("click", () => window.print());
  clear.addEventListener("click", () => { save([]); location.href = listUrl([]); });
  if (slugs.length && !kept) offerToKeep(box, state);
  document.getElementById("send-copy").addEventListener("click", async () => {
    const status = document.getElementById("send-status");
    try {
      await navigator.clipboard.writeText(location.href);
      status.textContent = box.dataset.copied;
    } catch (err) {
      status.textContent = location.href; // no clipboard: the address, to copy by hand
    }
  });
}

function printHeader() {
  // Printed pages say where they come from and when (without this script, only the address the build knows).
  for (const node of document.querySelectorAll("[data-print-url]")) {
    node.textContent = location.href;
    node.parentElement.hidden = false;
  }
  for (const node of document.querySelectorAll("[data-print-date]")) {
    node.textContent = new Date().toLocaleDateString(document.documentElement.lang);
    node.parentElement.hidden = false;
  }
}

showCount(read());
addButtons();
document.addEventListener("shortlist:cards", addButtons); // results the search page has just shown
printHeader();
window.addEventListener("beforeprint", printHeader);
if (document.readyState === "complete") showList(); else window.addEventListener("load", showList);

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

function offerToKeep(box, shown) {
  // A list from a link joins the one kept in this browser only when the worker asks for it.
  const offer = add(box, "p", box.dataset.offer + " ", { class: "shortlist-offer no-print", role: "status" });
  const button = add(offer, "button", box.dataset.keep, { type: "button" });
  button.addEventListener("click", () => {
    save([...read(), ...shown]);
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
  const lang = box.dataset.lang;
  if (!slugs.length) {
    add(box, "p", box.dataset.empty);
    return;
  }
  const list = add(box, "ol", "", { class: "shortlist" });
  for (const slug of slugs) {
    const org = directory.get(slug);
    const item = add(list, "li", "", { class: "shortlist-item" });
    add(item, "h2", text(org.name, lang));
    // The organisation's own details first, then the register's website, then its web pages' facts.
    const used = [];
    const fromWeb = (kind) => {
      const found = webFact(org, kind);
      if (found) used.push(found);
      return found ? found.value : null;
    };
    const summary = org.summary || fromWeb("summary");
    if (summary) add(item, "p", text(summary, lang));
    const referral = org.referral || {};
    const contact = [];
    if (referral.self_referral === true) contact.push(box.dataset.self);
    if (referral.self_referral === false) contact.push(box.dataset.referral);
    if (referral.how) contact.push(text(referral.how, lang));
    const phones = org.phone ? null : fromWeb("phones");
    const emails = org.email ? null : fromWeb("emails");
    const parts = [org.phone || (phones && phones[0].number), org.email || (emails && emails[0]),
                   org.website || (org.register || {}).website || fromWeb("website")];
    for (const part of parts) if (part) contact.push(part);
    if (contact.length) {
      add(item, "p", box.dataset.contact + ": " + contact.join(" · "), { class: "shortlist-contact" });
    }
    const sources = [...new Map(used.map((f) => [f.url, f])).values()];
    if (sources.length) {
      const note = add(item, "p", box.dataset.web + " ", { class: "shortlist-source" });
      note.append(sources.map((f) => box.dataset.source.replace("{page}", f.url).replace("{date}", f.read)).join(" "));
    }
    const page = new URL(box.dataset.org.replace("__slug__", slug), location.href).href;
    const line = add(item, "p", box.dataset.page + ": ", { class: "shortlist-page" });
    add(line, "a", page, { href: page });
  }
  const print = document.getElementById("shortlist-print");
  const clear = document.getElementById("shortlist-clear");
  print.hidden = false;
  clear.hidden = slugs.some((s) => !saved.includes(s)); // it empties the list kept here, so only for that list
  print.addEventListener("click", () => window.print());
  clear.addEventListener("click", () => { save([]); location.href = listUrl([]); });
  if (clear.hidden) offerToKeep(box, slugs);
  if (window.qrcode) showCode(box);
}

function printHeader() {
  // Printed pages say where they come from and when.
  for (const node of document.querySelectorAll("[data-print-url]")) node.textContent = location.href;
  for (const node of document.querySelectorAll("[data-print-date]")) {
    node.textContent = new Date().toLocaleDateString(document.documentElement.lang);
  }
}

showCount(read());
addButtons();
printHeader();
window.addEventListener("beforeprint", printHeader);
if (document.readyState === "complete") showList(); else window.addEventListener("load", showList);

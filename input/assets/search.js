// Search page (/soeg/): an accessible UI over Pagefind's JS API (pagefind.js, WebAssembly).
// The query, filters and sort order live in the URL (/soeg/?q=…&udvalg=…&aar=…&type=…&sortering=…),
// so a search can be shared and bookmarked. No inline scripts or styles: the CSP forbids them.

const SIDE = 10; // results shown per "Vis flere"
const FILTRE = [
  { noegle: "udvalg", param: "udvalg", navn: "Udvalg" },
  { noegle: "år", param: "aar", navn: "År" },
  { noegle: "type", param: "type", navn: "Type" },
];

const form = document.getElementById("soegeform");
const felt = document.getElementById("q");
const omraade = document.getElementById("soegning");
const filtre = document.getElementById("filtre");
const sortering = document.getElementById("sortering");
const status = document.getElementById("soegestatus");
const liste = document.getElementById("resultater");
const flere = document.getElementById("flere");

let pagefind = null;
let resultater = [];
let vist = 0;
let soegning = 0; // the latest search; older ones that finish late are dropped

function tilstandFraUrl() {
  const p = new URLSearchParams(location.search);
  const valgt = {};
  for (const f of FILTRE) valgt[f.noegle] = p.getAll(f.param).filter((v) => v !== "");
  return { q: (p.get("q") || "").trim(), valgt, sortering: p.get("sortering") || "" };
}

function tilstandFraSide() {
  const valgt = {};
  for (const f of FILTRE)
    valgt[f.noegle] = [...filtre.querySelectorAll(`input[data-filter="${f.param}"]:checked`)].map((i) => i.value);
  return { q: felt.value.trim(), valgt, sortering: sortering.value };
}

function url(t) {
  const p = new URLSearchParams();
  if (t.q) p.set("q", t.q);
  for (const f of FILTRE) for (const v of t.valgt[f.noegle]) p.append(f.param, v);
  if (t.sortering) p.set("sortering", t.sortering);
  const s = p.toString();
  return location.pathname + (s ? "?" + s : "");
}

function visTilstand(t) {
  felt.value = t.q;
  sortering.value = ["nyeste", "aeldste"].includes(t.sortering) ? t.sortering : "";
  for (const boks of filtre.querySelectorAll("input[type=checkbox]")) {
    const f = FILTRE.find((x) => x.param === boks.dataset.filter);
    boks.checked = t.valgt[f.noegle].includes(boks.value);
  }
}

function byggFiltre(alle) {
  for (const f of FILTRE) {
    const vaerdier = Object.entries(alle[f.noegle] || {});
    if (vaerdier.length === 0) continue;
    vaerdier.sort(f.noegle === "år" ? (a, b) => b[0].localeCompare(a[0]) : (a, b) => a[0].localeCompare(b[0], "da"));
    const gruppe = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = f.navn;
    gruppe.append(legend);
    vaerdier.forEach(([vaerdi, antal], i) => {
      const id = `filter-${f.param}-${i}`;
      const boks = document.createElement("input");
      boks.type = "checkbox";
      boks.id = id;
      boks.value = vaerdi;
      boks.dataset.filter = f.param;
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = `${vaerdi} (${antal})`;
      const linje = document.createElement("div");
      linje.append(boks, " ", label);
      gruppe.append(linje);
    });
    filtre.append(gruppe);
  }
}

// Pagefind's excerpt is text with <mark> around the hits. It is parsed in an inert <template> and only
// text and <mark> are copied, so nothing else from the index can become markup.
function uddrag(html) {
  const skabelon = document.createElement("template");
  skabelon.innerHTML = html;
  const p = document.createElement("p");
  p.className = "uddrag";
  for (const node of skabelon.content.childNodes) {
    if (node.nodeType === Node.ELEMENT_NODE && node.localName === "mark") {
      const m = document.createElement("mark");
      m.textContent = node.textContent;
      p.append(m);
    } else p.append(node.textContent);
  }
  return p;
}

const point = (sub) => (sub.weighted_locations || []).reduce((s, l) => s + (l.balanced_score || l.weight || 1), 0)
  || (sub.locations || []).length;

function resultat(data) {
  // The meeting is the indexed page; its items are h2 headings with ids (#punkt-3), which Pagefind
  // returns as sub-results. The best matching item is the result's link, so a reader lands on it.
  const punkter = (data.sub_results || []).filter((s) => (s.locations || []).length > 0)
    .map((s, i) => ({ s, i, point: point(s) }))
    .sort((a, b) => b.point - a.point || a.i - b.i)
    .map((x) => x.s);
  const bedste = punkter[0] || { title: data.meta.title, url: data.url, excerpt: data.excerpt };
  const li = document.createElement("li");
  li.className = "soegeresultat";
  const h2 = document.createElement("h2");
  const a = document.createElement("a");
  a.href = bedste.url;
  a.textContent = bedste.title || data.meta.title;
  h2.append(a);
  const meta = document.createElement("p");
  meta.className = "resultat-meta";
  meta.textContent = [data.meta.type, data.meta.udvalg, data.meta.dato].filter(Boolean).join(" · ");
  li.append(h2, meta, uddrag(bedste.excerpt || data.excerpt));
  const andre = punkter.slice(1, 4);
  if (andre.length > 0) {
    const ul = document.createElement("ul");
    ul.className = "andre-punkter";
    for (const s of andre) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = s.url;
      link.textContent = s.title;
      item.append(link);
      ul.append(item);
    }
    const intro = document.createElement("p");
    intro.className = "andre-punkter-intro";
    intro.textContent = "Også i:";
    li.append(intro, ul);
  }
  return li;
}

async function visFlere(flytFokus) {
  const nr = soegning;
  const naeste = resultater.slice(vist, vist + SIDE);
  const data = await Promise.all(naeste.map((r) => r.data()));
  if (nr !== soegning) return;
  const nye = data.map(resultat);
  liste.append(...nye);
  vist += nye.length;
  flere.hidden = vist >= resultater.length;
  if (flytFokus && nye.length > 0) nye[0].querySelector("a").focus();
}

// Pagefind answers a word it does not know with the longest indexed word that the query starts with
// (so "sygefraværsstatistik" still finds "sygefravær"). For a word that shares only a short start with
// anything indexed ("sekvensanalysator" → "se") that is noise, and a citizen should read "Ingen resultater".
// The fallback is chosen per query word for the whole index, so the first result tells.
const fold = (s) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
const ord = (s) => fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
const faellesStart = (a, b) => { let i = 0; while (i < a.length && i < b.length && a[i] === b[i]) i++; return i; };

function kunGaet(q, data) {
  if (!data.locations || data.locations.length === 0) return false;
  const tekst = (data.raw_content || data.content).split(/[^\S\uFEFF]+/);
  const ramte = data.locations.flatMap((i) => ord(tekst[i] || ""));
  return ord(q).some((t) => !ramte.some((w) =>
    faellesStart(t, w) >= Math.min(t.length, Math.max(3, Math.ceil(t.length / 2)))));
}

function antalTekst(n) {
  return n === 1 ? "1 resultat" : `${n.toLocaleString("da-DK")} resultater`;
}

async function soeg(t) {
  const nr = ++soegning;
  const harFiltre = FILTRE.some((f) => t.valgt[f.noegle].length > 0);
  liste.replaceChildren();
  flere.hidden = true;
  resultater = [];
  vist = 0;
  if (!t.q && !harFiltre) {
    status.textContent = "";
    return;
  }
  const filters = {};
  for (const f of FILTRE) if (t.valgt[f.noegle].length > 0) filters[f.noegle] = { any: t.valgt[f.noegle] };
  const sort = t.sortering === "nyeste" ? { dato: "desc" } : t.sortering === "aeldste" ? { dato: "asc" }
    : t.q ? undefined : { dato: "desc" };
  status.textContent = "Søger …";
  const svar = await soegIShards(pagefind, t.q || null, sort ? { filters, sort } : { filters });
  if (nr !== soegning) return;
  resultater = svar.results;
  if (t.q && resultater.length > 0 && kunGaet(t.q, await resultater[0].data())) resultater = [];
  if (nr !== soegning) return;
  await visFlere(false);
  if (nr !== soegning) return;
  const hvad = t.q ? ` for »${t.q}«` : "";
  status.textContent = resultater.length === 0
    ? `Ingen resultater${hvad}. Prøv et andet ord, eller fjern et filter.`
    : `${antalTekst(resultater.length)}${hvad}.`;
}

// The index in shards (docs/search.md, issue 18): /pagefind/shards.json lists its Pagefind bundles, newest
// first; the first is pagefind.js's own. The older ones are merged in (mergeIndex, each tagged with a filter
// "del"), so ranking, counts and filters span the whole archive. Pagefind's date sort ranks within one bundle
// only (a position in it), so a date-sorted search asks one shard after the other, in date order, and joins
// the answers: the shards are periods that do not overlap. Without shards.json: one bundle, as before.
let shards = ["/pagefind/"];

async function aabnShards(pf) {
  try {
    const svar = await fetch("/pagefind/shards.json");
    if (svar.ok) shards = (await svar.json()).shards;
  } catch (e) {
    shards = ["/pagefind/"];
  }
  await Promise.all(shards.slice(1).map((sti) => pf.mergeIndex(sti, { mergeFilter: { del: sti } })));
}

async function soegIShards(pf, term, options) {
  const udenDel = (f) => Object.fromEntries(Object.entries(f || {}).filter(([k]) => k !== "del"));
  if (!options.sort || shards.length < 2) {
    const r = await pf.search(term, options);
    return { ...r, filters: udenDel(r.filters), totalFilters: udenDel(r.totalFilters) };
  }
  const orden = options.sort.dato === "asc" ? [...shards].reverse() : shards;
  const svar = [];
  for (const sti of orden) {
    const del = sti === shards[0] ? { none: shards.slice(1) } : sti;
    svar.push(await pf.search(term, { ...options, filters: { ...options.filters, del } }));
  }
  const filters = {};
  for (const s of svar)
    for (const [noegle, vaerdier] of Object.entries(udenDel(s.filters)))
      for (const [v, n] of Object.entries(vaerdier)) (filters[noegle] ??= {})[v] = (filters[noegle][v] || 0) + n;
  return {
    ...svar[0],
    results: svar.flatMap((s) => s.results),
    filters,
    totalFilters: udenDel(svar[0].totalFilters),
  };
}

async function start() {
  try {
    // The filter choices come from the site (/soeg/filtre.json, a few hundred bytes), not from
    // pagefind.filters(), which downloads every filter file of the index before the first search.
    const valg = fetch("/soeg/filtre.json").then((r) => (r.ok ? r.json() : null)).catch(() => null);
    pagefind = await import("/pagefind/pagefind.js");
    await pagefind.options({ excerptLength: 30 });
    await pagefind.init();
    await aabnShards(pagefind);
    byggFiltre((await valg) || (await pagefind.filters()));
  } catch (e) {
    omraade.hidden = false;
    status.textContent = "Søgningen kan ikke bruges lige nu. Find møderne via forsiden efter udvalg eller år.";
    return;
  }
  omraade.hidden = false;
  const t = tilstandFraUrl();
  // On a phone the filters would push the results a screen down: folded unless one is in use.
  if (matchMedia("(max-width: 40rem)").matches && !FILTRE.some((f) => t.valgt[f.noegle].length > 0) && !t.sortering)
    document.getElementById("soegevalg").open = false;
  visTilstand(t);
  soeg(t);

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const ny = tilstandFraSide();
    history.pushState(null, "", url(ny));
    soeg(ny);
  });
  const opdater = () => {
    const ny = tilstandFraSide();
    history.replaceState(null, "", url(ny));
    soeg(ny);
  };
  filtre.addEventListener("change", opdater);
  sortering.addEventListener("change", opdater);
  flere.addEventListener("click", () => visFlere(true));
  window.addEventListener("popstate", () => {
    const t2 = tilstandFraUrl();
    visTilstand(t2);
    soeg(t2);
  });
}

start();

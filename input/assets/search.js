// Search page (/soeg/): an accessible UI over Pagefind's JS API (pagefind.js, WebAssembly).
// The query, filters, sort order and scope live in the URL (/soeg/?q=…&udvalg=…&aar=…&type=…&sortering=…
// &arkiv=alle), so a search can be shared and bookmarked. No inline scripts or styles: the CSP forbids them.

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
const bilagBoks = document.getElementById("bilag");
const forslag = document.getElementById("forslag");
const omfang = document.getElementById("omfang");
const antalNote = document.getElementById("antal-note");

let pagefind = null;
let medBilag = null; // a Pagefind instance with the attachment index merged in, made when first needed
let alleAntal = {}; // /soeg/filtre.json: the counts without a query
let harOrdliste = false; // the build wrote /soeg/ord/ ("ord": true in filtre.json; not in `serve`)
let resultater = [];
let vist = 0;
let soegning = 0; // the latest search; older ones that finish late are dropped
let heleArkivet = false; // the citizen chose to search the whole archive (&arkiv=alle), kept for new searches
let komplet = true; // the shown results are every result (not only those of the newest shard)
let sidste = null; // the latest search: { t, filters, sort, instans }, for "Vis flere" beyond the newest shard

function tilstandFraUrl() {
  const p = new URLSearchParams(location.search);
  const valgt = {};
  for (const f of FILTRE) valgt[f.noegle] = p.getAll(f.param).filter((v) => v !== "");
  return { q: (p.get("q") || "").trim(), valgt, sortering: p.get("sortering") || "", bilag: p.get("bilag") === "1",
    hele: p.get("arkiv") === "alle" };
}

function tilstandFraSide() {
  const valgt = {};
  for (const f of FILTRE)
    valgt[f.noegle] = [...filtre.querySelectorAll(`input[data-filter="${f.param}"]:checked`)].map((i) => i.value);
  return { q: felt.value.trim(), valgt, sortering: sortering.value, bilag: bilagBoks.checked, hele: heleArkivet };
}

function url(t) {
  const p = new URLSearchParams();
  if (t.q) p.set("q", t.q);
  for (const f of FILTRE) for (const v of t.valgt[f.noegle]) p.append(f.param, v);
  if (t.sortering) p.set("sortering", t.sortering);
  if (t.bilag) p.set("bilag", "1");
  if (t.hele && dovent) p.set("arkiv", "alle");
  const s = p.toString();
  return location.pathname + (s ? "?" + s : "");
}

function visTilstand(t) {
  felt.value = t.q;
  sortering.value = ["nyeste", "aeldste"].includes(t.sortering) ? t.sortering : "";
  bilagBoks.checked = t.bilag;
  heleArkivet = t.hele;
  for (const boks of filtre.querySelectorAll("input[type=checkbox]")) {
    const f = FILTRE.find((x) => x.param === boks.dataset.filter);
    boks.checked = t.valgt[f.noegle].includes(boks.value);
  }
}

function byggFiltre(alle) {
  alleAntal = alle;
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
      label.dataset.vaerdi = vaerdi;
      label.dataset.filter = f.param;
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

// A hit in the attachment index (/pagefind-bilag/): the attachment's title links to its file (at the best
// matching PDF page), followed by its item (linked) and meeting.
function bilagResultat(data) {
  const sider = (data.sub_results || []).filter((s) => (s.locations || []).length > 0 && /#side-\d+$/.test(s.url))
    .sort((a, b) => point(b) - point(a));
  const side = sider.length > 0 ? sider[0].url.match(/#side-(\d+)$/)[1] : null;
  const li = document.createElement("li");
  li.className = "soegeresultat";
  const h2 = document.createElement("h2");
  const a = document.createElement("a");
  a.href = data.meta.fil + (side && /\.pdf$/i.test(data.meta.fil) ? `#page=${side}` : "");
  a.textContent = `Bilag: ${data.meta.title}`;
  h2.append(a);
  const meta = document.createElement("p");
  meta.className = "resultat-meta";
  const punkt = document.createElement("a");
  punkt.href = data.meta.punkturl;
  punkt.textContent = `Punkt ${data.meta.punkt}`;
  meta.append(punkt, " · " + [data.meta.type, data.meta.udvalg, data.meta.dato].filter(Boolean).join(" · ")
    + (side ? ` · side ${side}` : ""));
  li.append(h2, meta, uddrag((sider[0] && sider[0].excerpt) || data.excerpt));
  return li;
}

function resultat(data) {
  if (data.meta.bilag) return bilagResultat(data);
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
  if (vist >= resultater.length && !komplet) return udvid(flytFokus);
  const naeste = resultater.slice(vist, vist + SIDE);
  const data = await Promise.all(naeste.map((r) => r.data()));
  if (nr !== soegning) return;
  const nye = data.map(resultat);
  liste.append(...nye);
  vist += nye.length;
  // Beyond the newest shard's results "Vis flere" goes on into the older meetings.
  flere.hidden = vist >= resultater.length && komplet;
  flere.textContent = vist >= resultater.length ? "Vis flere resultater fra ældre møder" : "Vis flere resultater";
  if (flytFokus && nye.length > 0) nye[0].querySelector("a").focus();
}

// "Vis flere" after the newest shard's last result: the same search over the whole archive. The results shown
// stay where they are; the whole archive's other results follow in its order (for a date sort that is exactly
// the whole archive's order, since the newest shard holds the newest meetings).
async function udvid(flytFokus) {
  const nr = soegning;
  const { t, filters, sort } = sidste;
  heleArkivet = true;
  const ny = { ...t, hele: true };
  history.replaceState(null, "", url(ny));
  status.textContent = "Søger i hele arkivet …";
  flere.hidden = true;
  omfang.hidden = true;
  let alle;
  try {
    await fletAlle();
    alle = await find(pagefind, ny, filters, sort, true);
  } catch {
    status.textContent = "De ældre møder kan ikke søges lige nu. Prøv igen senere.";
    return;
  }
  if (nr !== soegning) return;
  const vistId = new Set(resultater.slice(0, vist).map((r) => r.id));
  resultater = [...resultater.slice(0, vist), ...alle.filter((r) => !vistId.has(r.id))];
  komplet = true;
  sidste = { ...sidste, t: ny };
  await visFlere(flytFokus);
  if (nr !== soegning) return;
  status.textContent = `${antalTekst(resultater.length)}${hvadTekst(ny)} i hele arkivet.`;
  antalNote.hidden = true;
  visAntal(nr, pagefind, ny, filters, resultater.length === 0, true).catch(() => skrivAntal({}));
}

// Pagefind answers a word it does not know with the longest indexed word that the query starts with
// (so "sygefraværsstatistik" still finds "sygefravær"). For a word that shares only a short start with
// anything indexed ("sekvensanalysator" → "se") that is noise, and a citizen should read "Ingen resultater".
// The fallback is chosen per query word for the whole index, so the first result tells.
const fold = (s) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
const ord = (s) => fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
const faellesStart = (a, b) => { let i = 0; while (i < a.length && i < b.length && a[i] === b[i]) i++; return i; };

// A query word that no matched word of the result shares at least krav(word) first letters with.
function mangler(q, data, krav) {
  if (!data.locations || data.locations.length === 0) return false;
  const tekst = (data.raw_content || data.content).split(/[^\S\uFEFF]+/);
  const ramte = data.locations.flatMap((i) => ord(tekst[i] || ""));
  return ord(q).some((t) => !ramte.some((w) => faellesStart(t, w) >= krav(t)));
}

const kunGaet = (q, data) => mangler(q, data, (t) => Math.min(t.length, Math.max(3, Math.ceil(t.length / 2))));

function antalTekst(n) {
  return n === 1 ? "1 resultat" : `${n.toLocaleString("da-DK")} resultater`;
}

// Counts that add up: a value's count is the number of results ticking it gives. For a group with nothing
// ticked that is Pagefind's count for the current search; for a group with ticks it comes from the same
// search with only the other groups' filters (values of one group are OR-ed). Pagefind counts only the groups
// named in the search, so every group is named ({ none: [] } keeps all). That loads the filter files, so the
// counts are made after the results are shown, and only while the filter panel is open (on a phone it is
// folded until opened): the first results wait for nothing more than before.
const valgPanel = document.getElementById("soegevalg");
let ventendeAntal = null;
const medAlleGrupper = (filters) => {
  const f = { ...filters };
  for (const g of FILTRE) if (!f[g.noegle]) f[g.noegle] = { none: [] };
  return f;
};

// A year the newest shard does not cover (fully) has no count while only the newest shard was searched: the
// label shows the year alone, and a note says what the counts are over.
function skrivAntal(antal, kunNyeste) {
  for (const label of filtre.querySelectorAll("label[data-filter]")) {
    const f = FILTRE.find((x) => x.param === label.dataset.filter);
    label.textContent = kunNyeste && f.noegle === "år" && !iNyeste(label.dataset.vaerdi) ? label.dataset.vaerdi
      : `${label.dataset.vaerdi} (${(antal[f.noegle] || {})[label.dataset.vaerdi] || 0})`;
  }
}

async function visAntal(nr, instans, t, filters, ingen, hele) {
  if (!instans) return skrivAntal(alleAntal);
  if (ingen) return skrivAntal({});
  if (!valgPanel.open) {
    ventendeAntal = () => visAntal(nr, instans, t, filters, ingen, hele);
    return;
  }
  ventendeAntal = null;
  const soegAntal = async (f) =>
    (await soegIShards(instans, t.q || null, { filters: medAlleGrupper(f) }, hele)).filters;
  const svar = await soegAntal(filters);
  const antal = {};
  for (const f of FILTRE) {
    if (t.valgt[f.noegle].length === 0) antal[f.noegle] = svar[f.noegle];
    else {
      const andre = { ...filters };
      delete andre[f.noegle];
      antal[f.noegle] = (await soegAntal(andre))[f.noegle];
    }
    if (nr !== soegning) return;
  }
  skrivAntal(antal, !hele);
}

async function bilagInstans() {
  if (!medBilag) {
    medBilag = (async () => {
      const i = pagefind.createInstance({ basePath: "/pagefind/", excerptLength: 30 });
      await flet(i);
      await i.mergeIndex("/pagefind-bilag/", {});
      i.helt = true;
      return i;
    })();
  }
  return medBilag;
}

// The attachment index is extra: if it cannot be loaded, the meetings are searched as without it.
async function bilagEllerIntet() {
  try {
    return await bilagInstans();
  } catch {
    medBilag = null;
    return null;
  }
}

// A query word matched only by a shorter indexed word, not by an inflection of it ("fastholdelseskonsulent" →
// "fastholdelse"): the word itself may well be in an older shard.
const kunDelvis = (q, data) => mangler(q, data, (t) => t.length - 5);

// The results, [] for the noise guard's guess, or null for a partial match when gaetOk is false.
async function find(instans, t, filters, sort, hele, gaetOk = true) {
  const fundet = (await soegIShards(instans, t.q || null, sort ? { filters, sort } : { filters }, hele)).results;
  if (!t.q || fundet.length === 0) return fundet;
  const data = await fundet[0].data();
  return kunGaet(t.q, data) ? [] : !gaetOk && kunDelvis(t.q, data) ? null : fundet;
}

const hvadTekst = (t) => (t.q ? ` for »${t.q}«` : "");

async function soeg(t) {
  const nr = ++soegning;
  const harFiltre = FILTRE.some((f) => t.valgt[f.noegle].length > 0);
  liste.replaceChildren();
  flere.hidden = true;
  forslag.hidden = true;
  forslag.replaceChildren();
  omfang.hidden = true;
  antalNote.hidden = true;
  resultater = [];
  vist = 0;
  komplet = true;
  if (!t.q && !harFiltre) {
    status.textContent = "";
    ventendeAntal = null;
    skrivAntal(alleAntal);
    return;
  }
  const filters = {};
  for (const f of FILTRE) if (t.valgt[f.noegle].length > 0) filters[f.noegle] = { any: t.valgt[f.noegle] };
  const sort = t.sortering === "nyeste" ? { dato: "desc" } : t.sortering === "aeldste" ? { dato: "asc" }
    : t.q ? undefined : { dato: "desc" };
  status.textContent = "Søger …";
  const kanBilag = !bilagBoks.closest("[hidden]");
  let instans = (t.bilag && kanBilag && (await bilagEllerIntet())) || pagefind;
  // The newest shard first (docs/search.md): the whole archive only when the citizen chose it, the filters or
  // sort need older meetings, or the newest shard finds less than a page or only a part of a query word.
  const aar = t.valgt["år"];
  const kunNyesteAar = aar.length > 0 && aar.every(iNyeste); // then the newest shard holds every result
  let hele = !dovent || instans.helt || t.hele || t.sortering === "aeldste" || aar.some((a) => !iNyeste(a));
  let fundet = [];
  if (!hele) {
    fundet = await find(instans, t, filters, sort, false, kunNyesteAar);
    if (nr !== soegning) return;
    if (fundet === null || (fundet.length < SIDE && !kunNyesteAar)) hele = true;
  }
  if (hele) {
    try {
      if (!instans.helt) await fletAlle();
    } catch {
      if (nr !== soegning) return;
      status.textContent = "De ældre møder kan ikke søges lige nu. Prøv igen senere.";
      return;
    }
    fundet = await find(instans, t, filters, sort, true);
  }
  if (nr !== soegning) return;
  komplet = hele || kunNyesteAar;
  // Nothing in the meetings: look in the attachments too, before saying "Ingen resultater".
  let kunBilag = false;
  const medBilagInstans = fundet.length === 0 && t.q && !t.bilag && kanBilag ? await bilagEllerIntet() : null;
  if (medBilagInstans) {
    const iBilag = await find(medBilagInstans, t, filters, sort, true);
    if (nr !== soegning) return;
    if (iBilag.length > 0) {
      fundet = iBilag;
      instans = medBilagInstans;
      kunBilag = true;
    }
  }
  resultater = fundet;
  sidste = { t, filters, sort };
  await visFlere(false);
  if (nr !== soegning) return;
  const hvad = hvadTekst(t);
  const nyeste = dovent ? nyestePeriode() : ""; // no periods (serve's one bundle): every search is whole
  status.textContent = resultater.length === 0
    ? `Ingen resultater${hvad}. Prøv et andet ord, eller fjern et filter.`
    : kunBilag ? `Ingen møder${hvad}, men ${antalTekst(resultater.length)} i bilag.`
    : komplet ? `${antalTekst(resultater.length)}${hvad}.`
    : `${antalTekst(resultater.length)}${hvad} i møderne ${nyeste}. Ældre møder er ikke søgt.`;
  omfang.hidden = komplet;
  if (!hele && resultater.length > 0) {
    antalNote.textContent = `Antallene gælder møderne ${nyeste}.`;
    antalNote.hidden = false;
  }
  visAntal(nr, instans, t, filters, resultater.length === 0, hele).catch(() => skrivAntal({}));
  if (t.q && resultater.length < 3 && harOrdliste) await foreslaa(nr, t);
}

// "Mente du …?": when a search finds nothing or little, the closest words of the published meeting pages.
// The word list (/soeg/ord/<letter>.json, words with their frequency, one file per first letter after folding)
// is fetched only then, so the first search transfers nothing more. Folding makes æ/ae, ø/oe and å/aa equal;
// a compound that is not in the list is split into two known words (with a linking -s- or -e- allowed).
const ordlister = new Map();
const foldDa = (s) => s.toLowerCase().replace(/æ/g, "ae").replace(/ø/g, "oe").replace(/å/g, "aa")
  .normalize("NFD").replace(/\p{M}/gu, "");
const ordfil = (f) => (/^[a-z]/.test(f) ? f[0] : "_");

function hentOrd(bogstav) {
  if (!ordlister.has(bogstav)) {
    ordlister.set(bogstav, fetch(`/soeg/ord/${bogstav}.json`).then((r) => (r.ok ? r.json() : []))
      .catch(() => []).then((l) => l.map(([ord, antal]) => ({ ord, antal, f: foldDa(ord) }))));
  }
  return ordlister.get(bogstav);
}

// Edit distance with swapped neighbours counted once (optimal string alignment); above max it stops early.
function afstand(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let foerFoer = null;
  let foer = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const nu = [i];
    let mindst = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(foer[j] + 1, nu[j - 1] + 1, foer[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, foerFoer[j - 2] + 1);
      nu.push(d);
      mindst = Math.min(mindst, d);
    }
    if (mindst > max) return max + 1;
    foerFoer = foer;
    foer = nu;
  }
  return foer[b.length];
}

const tilladt = (n) => (n <= 4 ? 1 : n <= 8 ? 2 : 3);

// The closest known word to the folded word f: {ord, d} or null. Equal distance: the more frequent word.
async function taettest(f, max) {
  let bedst = null;
  for (const o of await hentOrd(ordfil(f))) {
    const d = o.f === f ? 0 : afstand(f, o.f, max);
    if (d <= max && (!bedst || d < bedst.d || (d === bedst.d && o.antal > bedst.antal))) bedst = { ...o, d };
  }
  return bedst;
}

async function naermeste(ord) {
  const lav = ord.toLowerCase();
  const f = foldDa(lav);
  const liste = await hentOrd(ordfil(f));
  if (liste.some((o) => o.ord === lav)) return null; // a known word: nothing to suggest
  const hel = await taettest(f, tilladt(f.length));
  if (hel) return hel.ord;
  // A compound: a known first part (optionally ending in the linking s/e) and a second part close to a word.
  let bedst = null;
  for (let i = 3; i <= f.length - 3; i++) {
    const foerste = f.slice(0, i);
    const forled = liste.find((o) => o.f === foerste)
      || (/[se]$/.test(foerste) && (await hentOrd(ordfil(foerste))).find((o) => o.f === foerste.slice(0, -1)));
    if (!forled) continue;
    const bindeled = forled.f === foerste ? "" : foerste.slice(-1);
    const rest = await taettest(f.slice(i), tilladt(f.length - i));
    if (rest && (!bedst || rest.d < bedst.d)) bedst = { ord: forled.ord + bindeled + rest.ord, d: rest.d };
  }
  return bedst ? bedst.ord : null;
}

async function foreslaa(nr, t) {
  const ord = t.q.split(/\s+/).filter(Boolean);
  const nye = [];
  for (const o of ord) nye.push((/^\p{L}{3,}$/u.test(o) && (await naermeste(o))) || o);
  if (nr !== soegning) return;
  const q = nye.join(" ");
  if (q.toLowerCase() === t.q.toLowerCase()) return;
  const knap = document.createElement("button");
  knap.type = "button";
  knap.textContent = q;
  knap.addEventListener("click", () => {
    felt.value = q;
    felt.focus();
    const ny = tilstandFraSide();
    history.pushState(null, "", url(ny));
    soeg(ny);
  });
  forslag.append("Mente du ", knap, "?");
  forslag.hidden = false;
  status.textContent += ` Mente du »${q}«?`;
}

// The index in shards (docs/search.md, issue 18): /pagefind/shards.json lists its Pagefind bundles, newest
// first, with each one's first and last meeting date; the first is pagefind.js's own, a small one of the
// recent years. A search asks it alone first. The older ones are merged in (mergeIndex, each tagged with a
// filter "del") only when the whole archive is needed; then ranking, counts and filters span the whole archive.
// Pagefind's date sort ranks within one bundle only (a position in it), so a date-sorted search of the whole
// archive asks one shard after the other, in date order, and joins the answers: the shards are periods that do
// not overlap. Without shards.json: one bundle, as before.
let shards = ["/pagefind/"];
let perioder = []; // [first, last] meeting date of each shard, as shards
let flettet = null; // the page's instance with the older shards merged in, once needed

async function aabnShards() {
  try {
    const svar = await fetch("/pagefind/shards.json");
    if (svar.ok) ({ shards, perioder = [] } = await svar.json());
  } catch (e) {
    shards = ["/pagefind/"];
  }
  dovent = shards.length > 1 && Array.isArray(perioder) && perioder.length === shards.length;
}

// The newest shard can answer alone (several shards, and their periods known; else every search is whole).
let dovent = false;

// Every meeting of year a is in the newest shard (the shard before it ends in an earlier year).
const iNyeste = (a) => !dovent || Number(a) > Number(perioder[1][1].slice(0, 4));

const MAANEDER = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
  "november", "december"];
// "fra 2025 og frem", or for a newest shard that begins within a year "fra 12. maj 2025 og frem".
function nyestePeriode() {
  const fra = perioder[0][0];
  if (iNyeste(fra.slice(0, 4))) return `fra ${fra.slice(0, 4)} og frem`;
  return `fra ${Number(fra.slice(8, 10))}. ${MAANEDER[Number(fra.slice(5, 7)) - 1]} ${fra.slice(0, 4)} og frem`;
}

// Merges the older shards into a Pagefind instance (the page's own, or the one with the attachment index).
async function flet(pf) {
  await Promise.all(shards.slice(1).map((sti) => pf.mergeIndex(sti, { mergeFilter: { del: sti } })));
}

function fletAlle() {
  if (!flettet) flettet = flet(pagefind).catch((e) => { flettet = null; throw e; });
  return flettet;
}

// hele: the whole archive; else the newest shard alone (filter "del" keeps it alone once the others are merged).
async function soegIShards(pf, term, options, hele) {
  const udenDel = (f) => Object.fromEntries(Object.entries(f || {}).filter(([k]) => k !== "del"));
  if (!hele && shards.length > 1 && !pf.helt && flettet) {
    await flettet;
    options = { ...options, filters: { ...options.filters, del: { none: shards.slice(1) } } };
  }
  if (!hele || !options.sort || shards.length < 2) {
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
    await aabnShards();
    const alle = (await valg) || (await pagefind.filters());
    byggFiltre(alle);
    if (alle.bilag === true) document.getElementById("med-bilag").hidden = false;
    if (dovent) {
      omfang.querySelector("button").textContent = `Søg i hele arkivet (fra ${perioder.at(-1)[0].slice(0, 4)})`;
    }
    harOrdliste = alle.ord === true;
  } catch (e) {
    omraade.hidden = false;
    status.textContent = "Søgningen kan ikke bruges lige nu. Find møderne via forsiden efter udvalg eller år.";
    return;
  }
  omraade.hidden = false;
  const t = tilstandFraUrl();
  // On a phone the filters would push the results a screen down: folded unless one is in use.
  if (matchMedia("(max-width: 40rem)").matches && !FILTRE.some((f) => t.valgt[f.noegle].length > 0) && !t.sortering)
    valgPanel.open = false;
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
  bilagBoks.addEventListener("change", opdater);
  valgPanel.addEventListener("toggle", () => {
    if (valgPanel.open && ventendeAntal) ventendeAntal().catch(() => skrivAntal({}));
  });
  sortering.addEventListener("change", opdater);
  flere.addEventListener("click", () => visFlere(true));
  omfang.querySelector("button").addEventListener("click", async () => {
    heleArkivet = true;
    const ny = tilstandFraSide();
    history.pushState(null, "", url(ny));
    await soeg(ny);
    const foerste = liste.querySelector("a");
    (foerste || felt).focus();
  });
  window.addEventListener("popstate", () => {
    const t2 = tilstandFraUrl();
    visTilstand(t2);
    soeg(t2);
  });
}

start();

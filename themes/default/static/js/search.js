/* Soteria search. Runs the query in the browser against the static index described in
   docs/search-index.md: the manifest first, then only the shards of the words typed, the stored
   fields of the results shown and, when filtering, the facets. Every file is fetched from the
   manifest's own folder. Nothing is stored and nothing goes to another site. Without this script
   (or in a browser too old to run it: one without DecompressionStream, which unpacks the
   index's gzip-compressed files) the page offers links to browse the site instead. */
(() => {
  "use strict";
  const box = document.querySelector("[data-search]");
  const data = document.getElementById("search-strings");
  if (!box || !data || !window.fetch || !window.URL || !window.DecompressionStream) {
    return;
  }
  const S = JSON.parse(data.textContent);
  // The number of results by the page language's plural rules ("one", "few"…), in the forms the
  // theme's strings give; "other" for a form they lack.
  let plural = null;
  try {
    plural = new Intl.PluralRules(document.documentElement.lang || undefined);
  } catch {
    plural = null;
  }
  const resultsText = (count) =>
    (S.results[plural ? plural.select(count) : "other"] || S.results.other).replace("{count}", String(count));
  const $ = (name) => box.querySelector("[data-search-" + name + "]");
  const form = box.querySelector("form");
  const input = document.getElementById("search-input");
  const status = $("status");
  const region = $("region");
  const list = $("results");
  const more = $("more");
  const panel = $("filters");
  const fieldsBox = $("fields");
  const manifestUrl = new URL(box.getAttribute("data-manifest"), location.href);
  const lang = document.documentElement.lang || undefined;
  const PAGE = 10; // results drawn at a time: each may need a file of stored fields
  const NEAR = 0.8; // a form that is not the word typed (prefix, inflection) counts a little less
  const TYPO = 0.6; // a form one typing slip away from a word the index lacks counts less again
  const TYPO_MIN = 5; // words shorter than this are taken as typed: too many words are one slip apart
  const SUBS = 3; // sections shown under a page at most
  const FIELDS = ["type", "country", "standard", "theme"];
  const cache = new Map();
  let manifest = null;
  let facets = null;
  let hits = []; // {d, s, subs} of every page matching the query (d its own document), best first
  let pageOf = null; // document -> the document of its page (the page's own comes first)
  let view = []; // hits that pass the filters
  let marks = new Set(); // folded forms to highlight
  let query = "";
  let limit = PAGE;
  let runs = 0;
  let draws = 0;
  let timer = 0;
  const chosen = FIELDS.map(() => new Set()); // indices into facets.values[field]
  const boxes = []; // per field: {li, cb, count} per value
  const sets = []; // per field: its fieldset

  /* ---- Fetching: every file at most once (a failed fetch may be tried again) ---- */
  function get(name) {
    const url = new URL(name, manifestUrl).href;
    if (!cache.has(url)) {
      const p = fetch(url).then(async (r) => {
        if (!r.ok) {
          throw new Error(r.status + " " + url);
        }
        // The index's files are gzip-compressed JSON; a server that sends them with
        // Content-Encoding: gzip has unpacked them already (JSON never starts with 0x1f 0x8b).
        const bytes = new Uint8Array(await r.arrayBuffer());
        if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
          const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
          return JSON.parse(await new Response(stream).text());
        }
        return JSON.parse(new TextDecoder().decode(bytes));
      });
      p.catch(() => cache.delete(url));
      cache.set(url, p);
    }
    return cache.get(url);
  }

  /* ---- Words, as the index makes them: UAX #29 words, lower-cased, marks removed ---- */
  let seg = null;
  try {
    seg = new Intl.Segmenter(lang, { granularity: "word" });
  } catch (e) {} // older browsers: the regular expression below
  const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’]*/gu;
  // As the index folds: combining marks and invisible format characters (\p{Cf}) removed.
  const fold = (w) => w.toLowerCase().normalize("NFD").replace(/[\p{M}\p{Cf}]/gu, "");
  const chars = (w) => Array.from(w).length;

  // UAX #29 without a dictionary, as the index segments, makes a word of each character of Han,
  // Hiragana and the scripts written without spaces (Thai, Lao, Khmer, Myanmar); the browser's
  // segmenter finds dictionary words there (儿童, คุ้มครอง), which are cut into their characters.
  const EACH = "\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}";
  const ONE_EACH = new RegExp("[" + EACH + "]", "u");
  const PIECES = new RegExp("[" + EACH + "]\\p{M}*|[^" + EACH + "]+", "gu");

  function words(text) {
    const out = [];
    const add = (at, word) => {
      if (!ONE_EACH.test(word)) {
        out.push({ at, end: at + word.length, w: fold(word) });
        return;
      }
      for (const m of word.matchAll(PIECES)) {
        const w = fold(m[0]);
        if (w) {
          out.push({ at: at + m.index, end: at + m.index + m[0].length, w });
        }
      }
    };
    if (seg) {
      for (const s of seg.segment(text)) {
        if (s.isWordLike) {
          add(s.index, s.segment);
        }
      }
    } else {
      for (const m of text.matchAll(WORD)) {
        add(m.index, m[0]);
      }
    }
    return out;
  }

  /* ---- Looking a word up: the stems it reaches, with a weight, and all their forms ---- */
  // The shard of a form: the last whose first form is not after it (shards are sorted ranges).
  function shardAt(form) {
    return lastAtOrBefore(manifest.shards.first, form);
  }

  /* The index of the last item of the sorted `list` that is not after `x`; -1 if none. */
  function lastAtOrBefore(list, x) {
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (list[mid] <= x) lo = mid;
      else hi = mid - 1;
    }
    return list.length && list[lo] <= x ? lo : -1;
  }

  // File `i` of a list of content hashes, ten characters each (docs/search-index.md).
  const fileName = (prefix, hashes, i) => prefix + "-" + hashes.slice(i * 10, i * 10 + 10) + ".json.gz";

  async function open(i) {
    const shard = await get(fileName("s", manifest.shards.files, i));
    if (!shard.map) {
      shard.map = new Map(Object.entries(shard.forms));
    }
    return shard;
  }

  async function lookup(word, last, forms) {
    const n = chars(word);
    const at = shardAt(word);
    if (at < 0) {
      return null;
    }
    const shards = [await open(at)];
    // Forms that begin with the last word may run on into the next shards.
    for (let i = at + 1; last && i < manifest.shards.first.length && i < at + 4; i++) {
      if (!manifest.shards.first[i].startsWith(word)) break;
      shards.push(await open(i));
    }
    const hits = new Map(); // "shard:stem" -> {shard, stem, weight}
    const reach = (shard, stem, weight) => {
      const key = shards.indexOf(shard) + ":" + stem;
      const seen = hits.get(key);
      if (!seen || seen.weight < weight) {
        hits.set(key, { shard, stem, weight });
      }
    };
    const first = shards[0];
    if (first.map.has(word)) {
      reach(first, first.map.get(word), 1);
    } else {
      // An inflection the corpus lacks: a shorter form the word starts with.
      for (const [form, stem] of first.map) {
        const m = chars(form);
        if (m < n && m >= Math.max(3, n - 3) && word.startsWith(form)) {
          reach(first, stem, NEAR);
        }
      }
      // A typing slip: a form of the same shard one edit away (docs/search-index.md). The shard
      // is the one the word's own place falls in, so a slip costs no file more.
      if (n >= TYPO_MIN) {
        for (const [form, stem] of first.map) {
          if (oneEdit(word, form)) {
            reach(first, stem, TYPO);
          }
        }
      }
    }
    // Search as you type: the last word also matches every longer form it begins.
    if (last && n >= 2) {
      for (const shard of shards) {
        for (const [form, stem] of shard.map) {
          if (form !== word && form.startsWith(word)) {
            reach(shard, stem, NEAR);
          }
        }
      }
    }
    if (!hits.size) {
      return null;
    }
    for (const { shard, stem } of hits.values()) {
      for (const [form, s] of shard.map) {
        if (s === stem) {
          forms.add(form);
        }
      }
    }
    return hits;
  }

  /* True when `b` is `a` with one letter changed, added, removed, or two neighbours swapped, and
     the first letter kept (a slip there would put the word in another shard anyway). */
  function oneEdit(a, b) {
    const x = Array.from(a);
    const y = Array.from(b);
    if (Math.abs(x.length - y.length) > 1 || y.length < TYPO_MIN - 1 || x[0] !== y[0]) {
      return false;
    }
    let i = 0;
    while (i < x.length && i < y.length && x[i] === y[i]) i++;
    if (x.length === y.length) {
      if (i === x.length) return false; // the same word
      const rest = (k) => x.slice(k).join("") === y.slice(k).join("");
      return rest(i + 1) || (x[i] === y[i + 1] && x[i + 1] === y[i] && rest(i + 2));
    }
    const [long, short] = x.length > y.length ? [x, y] : [y, x];
    return long.slice(i + 1).join("") === short.slice(i).join("");
  }

  /* The document of each document's page: the manifest's `pages` gives how many documents each
     page has, in order, one character each (docs/search-index.md). */
  function pagesOf(m) {
    const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY";
    const of = new Int32Array(m.docs);
    const text = m.pages || "";
    let d = 0;
    for (let i = 0; i < text.length; i++) {
      let n = ALPHABET.indexOf(text[i]) + 1;
      if (text[i] === "Z") {
        const end = text.indexOf(".", i);
        n = parseInt(text.slice(i + 1, end), 10) || 0;
        i = end;
      }
      for (let k = 0; k < n && d < m.docs; k++) of[d + k] = d;
      d += n;
    }
    for (; d < m.docs; d++) of[d] = d; // an older index: every document its own page
    return of;
  }

  /* Document hits, best first, as pages: each page once, scored by its best document, with its
     best sections under it. */
  function byPage(result) {
    const pages = new Map();
    for (const h of result) {
      const p = pageOf[h.d];
      let g = pages.get(p);
      if (!g) {
        g = { d: p, s: h.s, subs: [] };
        pages.set(p, g);
      }
      if (h.d !== p && g.subs.length < SUBS) {
        g.subs.push(h.d);
      }
    }
    return Array.from(pages.values());
  }

  /* ---- BM25: impacts are precomputed per document (fields weighted, length normalised);
     the idf comes from each stem's document frequency ---- */
  function score(found) {
    const total = manifest.docs;
    const out = new Map();
    for (const { shard, stem, weight } of found.values()) {
      const p = shard.postings[stem] || [];
      const df = shard.df[stem] || p.length / 2;
      const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
      let d = 0;
      for (let i = 0; i + 1 < p.length; i += 2) {
        d += p[i];
        const s = (idf * weight * p[i + 1]) / 100;
        if (!(out.get(d) >= s)) {
          out.set(d, s);
        }
      }
    }
    return out;
  }

  async function run() {
    const q = input.value.trim();
    const me = ++runs;
    setUrl(q);
    try {
      manifest = manifest || (await get(manifestUrl.href));
      pageOf = pageOf || pagesOf(manifest);
      const typed = words(q).map((w) => w.w);
      const last = typed[typed.length - 1];
      const unique = Array.from(new Set(typed)).slice(0, 10);
      const forms = new Set();
      const found = await Promise.all(unique.map((w) => lookup(w, w === last, forms)));
      if (me !== runs) {
        return;
      }
      let result = [];
      const scores = found.filter(Boolean).map(score).sort((a, b) => a.size - b.size);
      // Every word must match (AND): walk the rarest word's documents.
      if (found.length && scores.length === found.length) {
        for (const d of scores[0].keys()) {
          if (scores.every((m) => m.has(d))) {
            result.push({ d, s: scores.reduce((sum, m) => sum + m.get(d), 0) });
          }
        }
      }
      // No document has every word: those with most of them, best first.
      if (!result.length && scores.length > 1) {
        const all = new Map();
        for (const m of scores) {
          for (const [d, s] of m) {
            const had = all.get(d) || { n: 0, s: 0 };
            all.set(d, { n: had.n + 1, s: had.s + s });
          }
        }
        result = Array.from(all, ([d, v]) => ({ d, s: v.s + 1000 * v.n }));
      }
      result.sort((a, b) => b.s - a.s || a.d - b.d);
      hits = byPage(result);
      marks = forms;
      query = q;
      update();
    } catch (e) {
      broken(e);
    }
  }

  function broken(e) {
    // The index cannot be read: offer the links to browse the site again.
    const nojs = $("nojs");
    const intro = nojs.querySelector("p");
    if (intro && S.error) {
      intro.textContent = S.error;
    }
    nojs.hidden = false;
    region.hidden = true;
    status.textContent = "";
    console.warn("search:", e);
  }

  function setUrl(q) {
    const url = new URL(location.href);
    if (q) {
      url.searchParams.set("q", q);
    } else {
      url.searchParams.delete("q");
    }
    if (url.href !== location.href) {
      history.replaceState(history.state, "", url.href);
    }
  }

  /* ---- Filters ---- */
  const valuesOf = (d, f) => {
    const e = facets.docs[d] || [null, [], [], []];
    return f ? e[f] || [] : e[0] == null ? [] : [e[0]];
  };
  const passes = (d, skip) =>
    chosen.every((set, f) => f === skip || !set.size || valuesOf(d, f).some((v) => set.has(v)));

  function buildFilters() {
    FIELDS.forEach((name, f) => {
      const set = el("fieldset", "search-filter");
      const legend = el("legend", "search-filter__title");
      legend.textContent = S.filters[name];
      const ul = el("ul", "search-filter__values");
      boxes[f] = (facets.values[name] || []).map((value, v) => {
        const li = el("li");
        const label = el("label");
        const cb = el("input");
        const count = el("span", "term-count");
        cb.type = "checkbox";
        cb.value = value[0];
        cb.addEventListener("change", () => {
          if (cb.checked) {
            chosen[f].add(v);
          } else {
            chosen[f].delete(v);
          }
          update();
        });
        label.append(cb, " " + value[1] + " ", count);
        li.append(label);
        ul.append(li);
        return { li, cb, count };
      });
      set.append(legend, ul);
      fieldsBox.append(set);
      sets[f] = set;
    });
  }

  async function withFacets() {
    if (facets) {
      return;
    }
    try {
      facets = await get(manifest.facets);
      buildFilters();
      update();
    } catch (e) {
      broken(e);
    }
  }

  function counts() {
    // A value's count is over the results that pass the other filters, so that choosing
    // more values of one filter (which widens it) shows what each would add.
    FIELDS.forEach((name, f) => {
      const c = new Map();
      for (const h of hits) {
        if (passes(h.d, f)) {
          for (const v of valuesOf(h.d, f)) {
            c.set(v, (c.get(v) || 0) + 1);
          }
        }
      }
      let any = false;
      boxes[f].forEach((b, v) => {
        const n = c.get(v) || 0;
        b.count.textContent = "(" + n + ")";
        b.li.hidden = !n && !b.cb.checked && b.cb !== document.activeElement;
        any = any || !b.li.hidden;
      });
      sets[f].hidden = !any;
    });
  }

  /* ---- Drawing ---- */
  function update() {
    $("nojs").hidden = true;
    region.hidden = false;
    view = facets ? hits.filter((h) => passes(h.d, -1)) : hits;
    if (facets) {
      counts();
    }
    panel.hidden = !query || (!hits.length && !chosen.some((set) => set.size));
    limit = PAGE;
    draw(false);
  }

  async function draw(append) {
    const me = ++draws;
    const from = append ? list.children.length : 0;
    const shown = view.slice(from, limit);
    let docs;
    try {
      // A page's sections are in its own file: sub-results cost no request (docs/search-index.md).
      docs = await stored(shown.flatMap((h) => [h.d, ...h.subs]));
    } catch (e) {
      broken(e);
      return [];
    }
    if (me !== draws) {
      return [];
    }
    let at = 0;
    const items = shown.map((h) => {
      const doc = docs[at];
      const subs = docs.slice(at + 1, at + 1 + h.subs.length);
      at += 1 + h.subs.length;
      return item(doc, subs);
    });
    if (append) {
      list.append(...items);
    } else {
      list.replaceChildren(...items);
      status.textContent = !query ? "" : resultsText(view.length);
      offerDefault(query && !hits.length);
    }
    more.hidden = limit >= view.length;
    return items;
  }

  /* A query that finds nothing in this language: the same query in the site's main language,
     one click away. */
  function offerDefault(show) {
    const other = $("other");
    if (!other) {
      return;
    }
    other.hidden = !show;
    if (show) {
      const a = other.querySelector("a");
      const url = new URL(a.getAttribute("data-href"), location.href);
      url.searchParams.set("q", query);
      a.href = url.href;
      // The sentence with the language's name (in its own language) and the query (isolated:
      // it may be written in another direction) put in as text, never as HTML.
      const parts = a.getAttribute("data-text").split(/(\{language\}|\{query\})/);
      a.replaceChildren(
        ...parts.map((part) => {
          if (part === "{language}") {
            const name = el("span");
            name.lang = a.getAttribute("data-lang");
            name.textContent = a.getAttribute("data-name");
            return name;
          }
          if (part === "{query}") {
            const q = el("bdi");
            q.textContent = query;
            return q;
          }
          return part;
        }),
      );
    }
  }

  /* The stored fields of documents `ds`. A file holds whole pages, each page's documents after
     it; a section's entry gives only its heading id, heading and text (`a`, `heading`, `text`)
     when the rest is its page's. */
  let starts = null; // the first document of each file of stored fields
  function fileOf(d) {
    if (!starts) {
      starts = [];
      let first = 0;
      for (const n of manifest.stored.docs) {
        starts.push(first);
        first += n;
      }
    }
    return lastAtOrBefore(starts, d);
  }

  async function stored(ds) {
    const need = Array.from(new Set(ds.map(fileOf)));
    const got = await Promise.all(need.map((i) => get(fileName("d", manifest.stored.files, i))));
    const entry = (d) => {
      const i = fileOf(d);
      return got[need.indexOf(i)][d - starts[i]];
    };
    return ds.map((d) => {
      const e = entry(d);
      if (e.a === undefined) {
        return e;
      }
      const page = entry(pageOf[d]);
      return Object.assign({}, page, { url: page.url + "#" + e.a, heading: e.heading, text: e.text });
    });
  }

  function el(tag, cls) {
    const e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    return e;
  }

  /* Appends text[from, to) to node, the words to highlight in <mark>. Text only, never HTML. */
  function mark(node, text, from, to) {
    from = from || 0;
    to = to === undefined ? text.length : to;
    let at = from;
    for (const w of words(text)) {
      if (w.at >= from && w.end <= to && marks.has(w.w)) {
        const m = el("mark");
        m.textContent = text.slice(w.at, w.end);
        node.append(text.slice(at, w.at), m);
        at = w.end;
      }
    }
    node.append(text.slice(at, to));
  }

  let graphemes = null;
  try {
    graphemes = new Intl.Segmenter(lang, { granularity: "grapheme" });
  } catch (e) {} // older browsers: the expression in whole()

  /* The start of the first whole character of `text` at or after UTF-16 index `i`. */
  function whole(text, i) {
    if (i <= 0 || i >= text.length) {
      return i;
    }
    if (graphemes) {
      const s = graphemes.segment(text).containing(i);
      return s.index === i ? i : s.index + s.segment.length;
    }
    // A low surrogate, a mark, a joiner or a variation selector goes with what comes before it.
    const part = /[\uDC00-\uDFFF\p{M}\u200D\uFE0E\uFE0F]/u;
    while (i < text.length && (part.test(text.charAt(i)) || text.charAt(i - 1) === "\u200D")) {
      i += 1;
    }
    return i;
  }

  /* About 160 characters of text around its first highlighted word, cut at spaces. */
  function excerpt(node, text) {
    const LEN = 160;
    if (text.length <= LEN) {
      mark(node, text);
      return;
    }
    const hit = words(text).find((w) => marks.has(w.w));
    let from = hit ? Math.max(0, Math.min(hit.at - 50, text.length - LEN)) : 0;
    let to = Math.min(text.length, from + LEN);
    if (from > 0) {
      const space = text.indexOf(" ", from);
      if (space > -1 && space < (hit ? hit.at : from + 30)) {
        from = space + 1;
      }
    }
    if (to < text.length) {
      const space = text.lastIndexOf(" ", to);
      if (space > from + LEN / 2) {
        to = space;
      }
    }
    // Never cut what a reader sees as one character: a letter and its marks, an emoji sequence,
    // a character written as two UTF-16 units.
    from = whole(text, from);
    to = whole(text, to);
    if (from > 0) {
      node.append("… ");
    }
    mark(node, text, from, to);
    if (to < text.length) {
      node.append(" …");
    }
  }

  function item(doc, subs) {
    const li = el("li", "search-result");
    if (doc.lang && manifest.lang && doc.lang !== manifest.lang) {
      li.lang = doc.lang;
    }
    const h = el("h3", "search-result__title");
    const a = el("a");
    a.setAttribute("href", doc.url);
    if (doc.code) {
      // A standard's number with its framework's label (`BQS 2`), as everywhere on the site.
      const code = el("span", "standard-number");
      code.textContent = doc.code;
      a.append(code, " ");
    }
    mark(a, doc.title || doc.url);
    if (doc.heading) {
      const sec = el("span", "search-result__heading");
      const sep = el("span", "visually-hidden");
      sep.textContent = ": ";
      sec.append(sep);
      mark(sec, doc.heading);
      a.append(sec);
    }
    h.append(a);
    li.append(h);
    const type = doc.type && doc.type !== "page" ? S.types[doc.type] || doc.type : "";
    if (type || doc.date || doc.example) {
      const meta = el("p", "search-result__meta");
      if (doc.example) {
        // A made-up entry says so wherever it is found, as on its cards.
        const x = el("span", "example-label");
        x.textContent = S.example;
        meta.append(x, " ");
      }
      if (type) {
        const t = el("span", "type-label");
        t.textContent = type;
        meta.append(t);
      }
      if (doc.date) {
        const time = el("time");
        time.dateTime = doc.date;
        try {
          time.textContent = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" }).format(new Date(doc.date));
        } catch (e) {
          time.textContent = doc.date;
        }
        meta.append(time);
      }
      li.append(meta);
    }
    if (doc.text && !subs.length) {
      const p = el("p", "search-result__excerpt");
      excerpt(p, doc.text);
      li.append(p);
    }
    if (subs.length) {
      // The page's best matching sections, each linked to its heading.
      const ul = el("ul", "search-result__sections");
      for (const sub of subs) {
        const sli = el("li", "search-result__section");
        const sa = el("a");
        sa.setAttribute("href", sub.url);
        mark(sa, sub.heading || sub.title);
        sli.append(sa);
        if (sub.text) {
          const p = el("p", "search-result__excerpt");
          excerpt(p, sub.text);
          sli.append(p);
        }
        ul.append(sli);
      }
      li.append(ul);
    }
    return li;
  }

  /* ---- Wiring ---- */
  $("nojs").hidden = true;
  region.hidden = false;
  input.value = new URLSearchParams(location.search).get("q") || "";
  get(manifestUrl.href).catch(broken);
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(timer);
    run();
  });
  panel.addEventListener("toggle", () => {
    if (panel.open && manifest) {
      withFacets();
    }
  });
  $("reset").addEventListener("click", () => {
    chosen.forEach((set) => set.clear());
    boxes.forEach((b) => b.forEach((x) => (x.cb.checked = false)));
    update();
  });
  more.addEventListener("click", async () => {
    limit += PAGE;
    const items = await draw(true);
    // The reader asked for more: take them to the first new result.
    if (items.length) {
      items[0].querySelector("a").focus();
    }
  });
  if (input.value) {
    run();
  }
})();

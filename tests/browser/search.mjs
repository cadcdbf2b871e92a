// Browser checks of the search page of a built site, in headless Chromium.
//
//   node tests/browser/search.mjs OUTPUT_DIR
//
// OUTPUT_DIR is the fixture site tests/fixtures/multilingual built with the default theme. The
// site is served from 127.0.0.1 with `Content-Security-Policy: default-src 'self'`; any console
// error, page error, CSP violation or request to another host fails the run.
// Exit codes: 0 all passed, 1 a check failed, 2 usage or setup error, 3 Chromium is missing.

import { builtSite, finish, launch, serve } from "./serve.mjs";

const TIMEOUT = 10_000;

const dir = builtSite("search.mjs");

let chromium;
try {
  ({ chromium } = await import("playwright-core"));
} catch (e) {
  console.error("playwright-core is missing: run `npm ci --prefix tests/browser` first");
  process.exit(2);
}

const { server, origin } = await serve(dir);

// ---- The browser ----
const browser = await launch(chromium, server);

const problems = []; // console errors, CSP violations, page errors: each fails the check it happens in
const foreign = []; // requests to a host other than 127.0.0.1

async function newPage(options = {}) {
  const context = await browser.newContext({ serviceWorkers: "block", ...options });
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol.startsWith("http") && url.hostname !== "127.0.0.1") {
      foreign.push(url.href);
      return route.abort();
    }
    return route.continue();
  });
  // Injected by the driver, so the page's CSP does not apply to it.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile || e.documentURI}`);
    });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on("console", (msg) => {
    if (msg.type() === "error") {
      problems.push(`console error on ${page.url()}: ${msg.text()}`);
    }
  });
  page.on("pageerror", (err) => problems.push(`page error on ${page.url()}: ${err.message}`));
  return page;
}

let failed = 0;
async function check(name, fn) {
  const page = await newPage();
  const before = problems.length;
  const foreignBefore = foreign.length;
  try {
    await fn(page);
    await page.waitForTimeout(100); // late console messages
    const late = problems.slice(before).concat(foreign.slice(foreignBefore).map((u) => `request to another host: ${u}`));
    if (late.length) {
      throw new Error(late.join("\n  "));
    }
    console.log(`PASS ${name}`);
  } catch (e) {
    failed += 1;
    const also = problems.slice(before).filter((p) => !String(e.message).includes(p));
    const text = [String(e.message || e)].concat(also).join("\n");
    console.log(`FAIL ${name}\n  ${text.split("\n").join("\n  ")}`);
  } finally {
    await page.context().close();
  }
}

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

const results = "ol[data-search-results] > li";
const status = "[data-search-status]";

/** The results once the status has been written (the script writes it with the results). */
async function settled(page) {
  await page.waitForFunction((sel) => document.querySelector(sel).textContent.trim() !== "", status);
  return page.$$eval(`${results} h3 a`, (links) =>
    links.map((a) => ({ href: a.getAttribute("href"), text: a.textContent, heading: (a.querySelector(".search-result__heading") || {}).textContent || "" })),
  );
}

async function resultLink(page, pattern) {
  try {
    await page.waitForFunction(
      ([sel, source]) => Array.from(document.querySelectorAll(sel)).some((a) => new RegExp(source).test(a.getAttribute("href"))),
      [`${results} h3 a`, pattern.source],
    );
  } catch (e) {
    const shown = await page.$$eval(`${results} h3 a`, (links) => links.map((a) => a.getAttribute("href")));
    const said = await page.textContent(status);
    throw new Error(`no result links to ${pattern} within ${TIMEOUT / 1000} s (status "${said}", results ${JSON.stringify(shown)})`);
  }
  const links = await settled(page);
  return links.find((l) => pattern.test(l.href));
}

await check("(a) /search/?q=referral lists the Referral page", async (page) => {
  await page.goto(`${origin}/search/?q=referral`);
  const link = await resultLink(page, /^\/guidance\/referral\/$/);
  assert(link && link.text.includes("Referral"), `no link to /guidance/referral/ titled Referral: ${JSON.stringify(link)}`);
  assert(await page.isHidden("[data-search-nojs]"), "the no-JavaScript message is still shown");
  assert((await page.inputValue("#search-input")) === "referral", "the search box is not filled from ?q=");
  const marked = await page.$$eval(`${results} mark`, (ms) => ms.map((m) => m.textContent.toLowerCase()));
  assert(marked.includes("referral"), `the matched word is not highlighted: ${JSON.stringify(marked)}`);
});

await check("(b) /sv/search/?q=hanvisning finds Hänvisning (no diacritics typed)", async (page) => {
  await page.goto(`${origin}/sv/search/?q=hanvisning`);
  const link = await resultLink(page, /^\/sv\/guidance\/hanvisning\/$/);
  assert(link && link.text.includes("Hänvisning"), `no result titled Hänvisning: ${JSON.stringify(await settled(page))}`);
});

await check("(c) a word of a section heading: the page once, the section under it linking to …/#first", async (page) => {
  await page.goto(`${origin}/search/?q=first`);
  await settled(page);
  const sub = page.locator(`${results} .search-result__section > a[href$="/guidance/steps/#first"]`);
  assert(await sub.isVisible(), "no sub-result links to /guidance/steps/#first");
  assert((await sub.innerText()).includes("First"), `the section heading is not shown: ${await sub.innerText()}`);
  const pages = await page.$$eval(`${results} h3 a`, (links) => links.map((a) => a.getAttribute("href")));
  assert(pages.filter((h) => h.startsWith("/guidance/steps/")).length === 1, `the page is not listed once: ${JSON.stringify(pages)}`);
});

await check("(d) typing a prefix (refer) finds Referral, updates the URL, keeps the focus", async (page) => {
  await page.goto(`${origin}/search/`);
  await page.waitForTimeout(300);
  assert((await page.$$(results)).length === 0, "results shown before anything was typed");
  await page.focus("#search-input");
  await page.keyboard.type("refer", { delay: 40 });
  const link = await resultLink(page, /^\/guidance\/referral\/$/);
  assert(link, "no link to /guidance/referral/ after typing refer");
  await page.waitForFunction(() => new URL(location.href).searchParams.get("q") === "refer");
  assert(await page.$eval("#search-input", (i) => i === document.activeElement), "the search box lost the focus while typing");
});

/** What the status says for `n` results (English strings of the theme). */
function announced(n) {
  return n === 1 ? "1 result" : `${n} results`;
}

await check("(e) the status announces the number of results", async (page) => {
  await page.goto(`${origin}/search/?q=referral`);
  await resultLink(page, /^\/guidance\/referral\/$/);
  const text = (await page.textContent(status)).trim();
  const live = await page.getAttribute(status, "aria-live");
  const shown = (await page.$$(results)).length;
  assert(live === "polite", `the status is not aria-live="polite" (${live})`);
  assert(text === announced(shown), `status says "${text}", ${shown} results are shown`);
});

await check("(f) no request goes to a host other than 127.0.0.1", async (page) => {
  await page.goto(`${origin}/ar/search/?q=${encodeURIComponent("الاحالة")}`);
  const links = await settled(page);
  assert(links.some((l) => l.href.startsWith("/ar/")), `Arabic search without hamza finds nothing under /ar/: ${JSON.stringify(links)}`);
  assert(foreign.length === 0, `requests to other hosts: ${foreign.join(", ")}`);
});

await check("(g) the header form sends the query to the search page of its language", async (page) => {
  await page.goto(`${origin}/sv/`);
  await page.fill("form[role=search] input[name=q]", "hanvisning");
  await Promise.all([page.waitForURL(/\/sv\/search\/\?q=hanvisning$/), page.press("form[role=search] input[name=q]", "Enter")]);
  await resultLink(page, /^\/sv\/guidance\/hanvisning\/$/);
});

await check("(h) filters: the panel lists values with counts and narrows the results", async (page) => {
  await page.goto(`${origin}/search/?q=the`);
  const all = await settled(page);
  await page.click("details[data-search-filters] summary");
  await page.waitForSelector("[data-search-fields] input[type=checkbox]:visible");
  const boxes = await page.$$("[data-search-fields] li:not([hidden]) input[type=checkbox]");
  assert(boxes.length > 0, "no filter values");
  const label = await page.$eval("[data-search-fields] li:not([hidden]) label", (l) => l.textContent);
  const count = Number((label.match(/\((\d+)\)/) || [])[1]);
  await boxes[0].check();
  await page.waitForFunction(
    ([sel, expected]) => document.querySelector(sel).textContent.trim() === expected,
    [status, announced(count)],
  );
  const narrowed = (await page.$$(results)).length;
  assert(narrowed === count && count <= all.length, `checking "${label}" shows ${narrowed} of ${all.length} results`);
  await page.click("[data-search-reset]");
  await page.waitForFunction(([sel, n]) => document.querySelector(sel).textContent.trim() === `${n} results`, [status, all.length]);
});

await check("(j) a title hit ranks above heading and body hits", async (page) => {
  // "steps" is the title of the Steps page, and only a heading and a body word of Referral.
  await page.goto(`${origin}/search/?q=steps`);
  await resultLink(page, /^\/guidance\/steps\/$/);
  const links = await settled(page);
  assert(links.length >= 2, `expected the Steps page and Referral's section: ${JSON.stringify(links)}`);
  assert(links[0].href === "/guidance/steps/", `the title hit is not first: ${JSON.stringify(links)}`);
});

await check("(k) text in many scripts is highlighted and cut only between whole characters", async (page) => {
  // The Rust test adds /guidance/unicode/: emoji, letters with combining marks and flags around
  // "zebra", with no space to cut at.
  await page.goto(`${origin}/search/?q=zebra`);
  await resultLink(page, /^\/guidance\/unicode\/$/);
  const found = await page.$$eval(`${results}`, (items) =>
    items
      .filter((li) => li.querySelector("h3 a").getAttribute("href") === "/guidance/unicode/")
      .map((li) => ({
        marks: Array.from(li.querySelectorAll(".search-result__excerpt mark")).map((m) => m.textContent),
        excerpt: li.querySelector(".search-result__excerpt").textContent,
      })),
  );
  const { marks, excerpt } = found[0];
  assert(JSON.stringify(marks) === '["zebra"]', `marked: ${JSON.stringify(marks)}`);
  const source = "😀".repeat(40) + "e\u0301".repeat(30) + "—zebra—" + "𝒜🇸🇪".repeat(40);
  // The client marks text left out with " …"; the index marks its own cut (stored excerpts are
  // capped in characters and bytes, at whole graphemes) with "…".
  const shown = excerpt.replace(/^… /, "").replace(/ ?…$/, "");
  assert(source.includes(shown), `the excerpt is not a part of the text: ${JSON.stringify(excerpt)}`);
  const graphemes = (t) => Array.from(new Intl.Segmenter("en", { granularity: "grapheme" }).segment(t), (s) => s.segment);
  const whole = new Set(graphemes(source));
  const broken = graphemes(shown).filter((g) => !whole.has(g));
  assert(broken.length === 0, `the excerpt cuts characters: ${JSON.stringify(broken)} in ${JSON.stringify(excerpt)}`);
});

await check("(l) words typed in scripts written without spaces find the page that has them", async (page) => {
  // The Rust test adds /guidance/no-spaces/: Chinese, Japanese and Thai sentences. The index
  // takes their words as UAX #29 does (a character each); the browser's own segmenter finds
  // dictionary words in what the reader types, which must still find the page.
  for (const typed of ["儿童保护指南", "子どもの保護", "คุ้มครองเด็ก"]) {
    await page.goto(`${origin}/search/`);
    await page.focus("#search-input");
    await page.keyboard.type(typed, { delay: 20 });
    const link = await resultLink(page, /^\/guidance\/no-spaces\/$/);
    assert(link && link.text.includes("Without spaces"), `typing ${typed}: ${JSON.stringify(await settled(page))}`);
  }
});

await check("(i) without JavaScript the page offers links to browse the site", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/search/?q=referral`);
    assert(await page.isVisible("[data-search-nojs]"), "the no-JavaScript message is hidden");
    const links = await page.$$("[data-search-nojs] a");
    assert(links.length > 0, "no links to browse the site");
  } finally {
    await context.close();
  }
});

await finish(browser, server, failed);

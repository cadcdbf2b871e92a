// Browser checks of a built site's accessibility, privacy and quick exit, in headless Chromium.
//
//   node tests/browser/site.mjs OUTPUT_DIR
//
// OUTPUT_DIR is the sample site built from the repository root (soteria build --root . --output
// OUTPUT_DIR). It is served from 127.0.0.1 with `Content-Security-Policy: default-src 'self'`, as a
// plain host would serve it (a missing address gets the nearest 404.html with status 404).
// The checks:
//   1. axe-core, WCAG 2.0/2.1/2.2 A and AA rules, on every page type in four languages (English, Swedish,
//      Ukrainian, Arabic; untranslated pages as fallbacks) at 1280 and 360 px; text whose contrast
//      axe leaves undecided is measured against the background colour behind it;
//   2. keyboard: skip link first and moving the focus to <main>, quick exit second, a visible focus
//      on every element Tab reaches, in document order;
//   3. quick exit by click and by Shift pressed three times, at 360 and 1280 px;
//   4. privacy and CSP: no request to another host, no cookie, no web storage, no CSP violation;
//   5. without JavaScript: main content and navigation;
//   6. weight: bytes transferred per page type, images left out, each under 50 KB;
//   7. layout, on the same loads as 1: the page never scrolls sideways, and no table caption is cut
//      off by the box its table scrolls in.
// Exit codes: 0 all passed, 1 a check failed, 2 usage or setup error, 3 Chromium is missing.
// SITE_CHECKS=pages,keyboard,quick-exit,no-js (any of them) runs only those groups; "pages" is
// axe, privacy, CSP, weight and layout, which are measured on the same page loads.
// SITE_TABLE='{"languages": ["", "sv"], "pages": [{"type": "home", "path": "/"}, …]}' checks another
// site (one `soteria init` made) with its own languages and pages; its pages of type "guidance"
// and "standard" are the ones the keyboard, quick-exit and no-JavaScript checks load.

import { axeSource, runAxe } from "./axe.mjs";
import { builtSite, finish, launch, serve } from "./serve.mjs";

const TIMEOUT = 15_000;
const MAX_WEIGHT = 50 * 1024;
const WIDTHS = [1280, 360];
const TABLE = process.env.SITE_TABLE ? JSON.parse(process.env.SITE_TABLE) : {};
// "" is the default language (English), at the root
const LANGUAGES = TABLE.languages ?? ["", "sv", "uk", "ar"];

// The page types of the sample site, by their English address.
const PAGES = TABLE.pages ?? [
  { type: "home", path: "/" },
  { type: "section", path: "/guidance/" },
  { type: "guidance", path: "/guidance/transnational-cases/" },
  { type: "standard", path: "/standards/cross-cutting-principles/" },
  { type: "coverage matrix", path: "/standards/" },
  { type: "print", path: "/standards/print/" },
  { type: "practice", path: "/practices/barnahus-one-roof/" },
  { type: "finding", path: "/findings/example/fictional-country-a/" },
  { type: "findings", path: "/findings/" },
  { type: "comparison", path: "/findings/example/" },
  { type: "taxonomy", path: "/countries/xa/" },
  { type: "contact", path: "/contact/" },
  { type: "accessibility statement", path: "/accessibility/" },
  { type: "privacy statement", path: "/privacy/" },
  // The Arabic pages write Barnahus in Arabic letters, as readers there would search for it.
  { type: "search", path: "/search/?q=barnahus", search: true, queries: { ar: "/search/?q=بارناهوس" } },
  { type: "404", path: "/no-such-page/", missing: true },
];

const dir = builtSite("site.mjs");

const GROUPS = (process.env.SITE_CHECKS || "pages,keyboard,quick-exit,no-js").split(",").map((g) => g.trim());
const want = (group) => GROUPS.includes(group);

let chromium;
try {
  ({ chromium } = await import("playwright-core"));
} catch (e) {
  console.error(`playwright-core is missing (${e.message}): run \`npm ci --prefix tests/browser\` first`);
  process.exit(2);
}
const axe = await axeSource();

const { server, origin } = await serve(dir, { gzip: true });

// ---- The browser ----
const browser = await launch(chromium, server);

/**
 * A page in a context of its own (no cache, cookies or storage shared with other checks). Every
 * request to a host other than 127.0.0.1 is aborted and recorded in `watch.foreign`; console errors,
 * page errors and CSP violations go to `watch.problems`, CSP violations also to `watch.csp`.
 */
async function newPage(options = {}) {
  const { width = 1280, ...contextOptions } = options;
  const context = await browser.newContext({
    serviceWorkers: "block",
    viewport: { width, height: 800 },
    ...contextOptions,
  });
  const watch = { foreign: [], problems: [], csp: [], requests: [] };
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol !== "data:" && url.protocol !== "blob:" && url.hostname !== "127.0.0.1") {
      watch.foreign.push(url.href);
      return route.abort("blockedbyclient");
    }
    return route.continue();
  });
  // Injected by the driver, so the page's CSP does not apply to it.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile || e.documentURI}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on("console", (msg) => {
    if (msg.type() !== "error") {
      return;
    }
    const text = msg.text();
    // Chromium reports the status of a missing page's own document; that one is expected.
    if (/status of 404/.test(text) && (msg.location().url || "") === page.url()) {
      return;
    }
    if (/CSP violation|Content Security Policy/i.test(text)) {
      watch.csp.push(text);
    }
    watch.problems.push(`console error on ${page.url()}: ${text}`);
  });
  page.on("pageerror", (err) => watch.problems.push(`page error on ${page.url()}: ${err.message}`));
  page.on("requestfinished", (request) => watch.requests.push(request));
  return { page, context, watch };
}

let failed = 0;
function report(name, errors) {
  if (errors.length === 0) {
    console.log(`PASS ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL ${name}\n  ${errors.join("\n").split("\n").join("\n  ")}`);
  }
}

async function check(name, fn) {
  try {
    const errors = (await fn()) || [];
    report(name, errors);
  } catch (e) {
    report(name, [String((e && e.stack) || e)]);
  }
}

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

function address(lang, path) {
  return lang ? `/${lang}${path}` : path;
}

/** Loads a page of the table above and waits until it is complete (search: until it shows results). */
async function load(page, entry, lang) {
  const path = (entry.queries && entry.queries[lang]) || entry.path;
  const response = await page.goto(origin + address(lang, path), { waitUntil: "load" });
  const status = response ? response.status() : 0;
  if (entry.search) {
    await page.waitForFunction(
      () => {
        const s = document.querySelector("[data-search-status]");
        return s && s.textContent.trim() !== "" && document.querySelectorAll("ol[data-search-results] > li").length > 0;
      },
      null,
      { timeout: TIMEOUT },
    );
  }
  await page.waitForTimeout(150); // late requests and console messages
  return status;
}

// ---- 1, 4, 6: axe, privacy and CSP, weight on every page ----
const axeByRule = new Map(); // rule id -> { impact, help, pages: Set, nodes: [html] }
const weights = new Map(); // page type -> { lang -> { bytes, plain, count } }

/**
 * The bytes transferred by the page, images (the favicon too) left out: `bytes` as sent (gzipped
 * headers and bodies), `plain` with the bodies uncompressed, as a server without compression would
 * send them.
 */
async function weigh(watch) {
  let bytes = 0;
  let plain = 0;
  let count = 0;
  for (const request of watch.requests) {
    const response = await request.response();
    const type = response ? response.headers()["content-type"] || "" : "";
    if (request.resourceType() === "image" || type.startsWith("image/") || !request.url().startsWith(origin)) {
      continue;
    }
    const sizes = await request.sizes();
    bytes += sizes.responseBodySize + sizes.responseHeadersSize;
    const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
    plain += body.length + sizes.responseHeadersSize;
    count += 1;
  }
  return { bytes, plain, count };
}

/**
 * What a reader would see cut off: the page wider than the window (it scrolls sideways), or a
 * table caption whose text runs past the edge of the box the table scrolls in.
 */
async function layoutProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) {
      problems.push(`the page is ${root.scrollWidth - root.clientWidth} px wider than the window`);
    }
    for (const caption of document.querySelectorAll("caption")) {
      let box = caption.parentElement;
      while (box && box !== root && getComputedStyle(box).overflowX === "visible") box = box.parentElement;
      const frame = box && box !== root ? box.getBoundingClientRect() : { left: 0, right: root.clientWidth };
      const range = document.createRange();
      range.selectNodeContents(caption);
      const text = [...range.getClientRects()];
      const left = Math.min(...text.map((r) => r.left));
      const right = Math.max(...text.map((r) => r.right));
      if (left < frame.left - 1 || right > frame.right + 1) {
        const cut = Math.round(Math.max(frame.left - left, right - frame.right));
        problems.push(`${cut} px of the caption "${caption.textContent.trim().slice(0, 50)}" are cut off`);
      }
    }
    return problems;
  });
}

for (const entry of want("pages") ? PAGES : []) {
  for (const lang of LANGUAGES) {
    const url = address(lang, entry.path);
    const axeErrors = [];
    const privacyErrors = [];
    const layoutErrors = [];
    for (const width of WIDTHS) {
      const { page, context, watch } = await newPage({ width });
      try {
        const status = await load(page, entry, lang);
        const expected = entry.missing ? 404 : 200;
        if (status !== expected) {
          privacyErrors.push(`${width} px: status ${status}, expected ${expected}`);
        }
        // 4. Privacy and CSP, before anything of the test's own runs in the page.
        const cookies = await context.cookies();
        const storage = await page.evaluate(() => ({
          local: Object.keys(localStorage),
          session: Object.keys(sessionStorage),
          cookie: document.cookie,
        }));
        if (watch.foreign.length) privacyErrors.push(`${width} px: requests to other hosts: ${watch.foreign.join(", ")}`);
        if (cookies.length || storage.cookie) privacyErrors.push(`${width} px: cookies set: ${JSON.stringify(cookies.length ? cookies : storage.cookie)}`);
        if (storage.local.length) privacyErrors.push(`${width} px: localStorage entries: ${storage.local.join(", ")}`);
        if (storage.session.length) privacyErrors.push(`${width} px: sessionStorage entries: ${storage.session.join(", ")}`);
        if (watch.csp.length) privacyErrors.push(`${width} px: CSP violations:\n  ${watch.csp.join("\n  ")}`);
        const other = watch.problems.filter((p) => !watch.csp.some((c) => p.endsWith(c)));
        if (other.length) privacyErrors.push(`${width} px: ${other.join("\n  ")}`);
        // 6. Weight (once per page type and language, at the wide viewport; each context starts cold).
        if (width === WIDTHS[0]) {
          const w = await weigh(watch);
          if (!weights.has(entry.type)) weights.set(entry.type, {});
          weights.get(entry.type)[lang || "en"] = w;
        }
        // 7. Layout, before axe adds anything to the page.
        for (const problem of await layoutProblems(page)) layoutErrors.push(`${width} px: ${problem}`);
        // 1. axe.
        const violations = await runAxe(page, axe);
        for (const v of violations) {
          const nodes = v.nodes.slice(0, 2).map((n) => (v.id.startsWith("color-contrast (") ? `${n.html} (${n.summary})` : n.html));
          axeErrors.push(`${width} px: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.length} node(s)\n    ${nodes.join("\n    ")}`);
          if (!axeByRule.has(v.id)) {
            axeByRule.set(v.id, { impact: v.impact, help: v.help, pages: new Set(), nodes: v.nodes.slice(0, 2) });
          }
          axeByRule.get(v.id).pages.add(`${url} @${width}`);
        }
      } catch (e) {
        axeErrors.push(`${width} px: ${e.message}`);
      } finally {
        await context.close();
      }
    }
    report(`axe WCAG 2.1 A/AA: ${entry.type} ${url}`, axeErrors);
    report(`privacy and CSP: ${entry.type} ${url}`, privacyErrors);
    report(`layout: ${entry.type} ${url}`, layoutErrors);
  }
}

// ---- 2. Keyboard ----
const GUIDANCE = PAGES.find((p) => p.type === "guidance")?.path ?? "/guidance/transnational-cases/";

/** Presses Tab and describes the element that has the focus then. */
async function tab(page) {
  await page.keyboard.press("Tab");
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) {
      return null;
    }
    const describe = (e) => `<${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : ""}> ${(e.textContent || e.getAttribute("aria-label") || "").trim().slice(0, 40)}`;
    const index = Array.prototype.indexOf.call(document.querySelectorAll("*"), el);
    const box = el.getBoundingClientRect();
    return { name: describe(el), index, id: el.id, cls: el.className, tag: el.tagName, width: box.width, height: box.height };
  });
}

const STYLE_PROPS = ["outline-style", "outline-width", "outline-color", "box-shadow", "background-color", "color", "text-decoration-line"];

for (const width of want("keyboard") ? WIDTHS : []) {
  await check(`keyboard: skip link first, moving the focus to <main id="main"> (${width} px)`, async () => {
    const { page, context, watch } = await newPage({ width });
    try {
      await page.goto(origin + GUIDANCE);
      const first = await tab(page);
      assert(first && /skip-link/.test(first.cls), `the first focusable element is ${first ? first.name : "nothing"}, not the skip link`);
      assert(await page.isVisible("a.skip-link"), "the skip link is not visible when it has the focus");
      await page.keyboard.press("Enter");
      await page.waitForTimeout(100);
      const active = await page.evaluate(() => ({ tag: document.activeElement.tagName, id: document.activeElement.id, hash: location.hash }));
      assert(active.tag === "MAIN" && active.id === "main", `after the skip link the focus is on <${active.tag.toLowerCase()} id="${active.id}">`);
      const next = await tab(page);
      assert(next && next.index > 0, "Tab after the skip link reaches nothing");
      const inMain = await page.evaluate(() => document.getElementById("main").contains(document.activeElement));
      assert(inMain, `Tab after the skip link goes to ${next.name}, outside <main>`);
      return watch.problems.concat(watch.foreign.map((u) => `request to another host: ${u}`));
    } finally {
      await context.close();
    }
  });

  await check(`keyboard: quick exit second, every Tab stop has a visible focus, in document order (${width} px)`, async () => {
    const { page, context, watch } = await newPage({ width });
    const errors = [];
    try {
      await page.goto(origin + GUIDANCE);
      const positive = await page.$$eval("[tabindex]", (els) => els.filter((e) => e.tabIndex > 0).map((e) => e.outerHTML.slice(0, 120)));
      if (positive.length) errors.push(`positive tabindex breaks the order: ${positive.join(", ")}`);
      // The style of every focusable element without the focus, to compare with its focused style.
      await page.evaluate((props) => {
        window.__unfocused = new Map();
        for (const el of document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")) {
          const s = getComputedStyle(el);
          window.__unfocused.set(el, Object.fromEntries(props.map((p) => [p, s.getPropertyValue(p)])));
        }
      }, STYLE_PROPS);
      const stops = [];
      for (let i = 0; i < 400; i++) {
        const stop = await tab(page);
        if (!stop || (stops.length && stop.index === stops[0].index)) break;
        if (stop.tag === "A" && /skip-link/.test(stop.cls) && stops.length) break;
        const look = await page.evaluate((props) => {
          const el = document.activeElement;
          const s = getComputedStyle(el);
          const now = Object.fromEntries(props.map((p) => [p, s.getPropertyValue(p)]));
          const before = window.__unfocused.get(el);
          const box = el.getBoundingClientRect();
          return { now, before, visible: box.width > 0 && box.height > 0 && s.visibility !== "hidden", focusVisible: el.matches(":focus-visible") };
        }, STYLE_PROPS);
        stop.look = look;
        stops.push(stop);
      }
      if (stops.length < 2 || !/skip-link/.test(stops[0].cls)) errors.push(`the first Tab stop is ${stops[0] ? stops[0].name : "nothing"}, not the skip link`);
      if (!stops[1] || !/(^|\s)quick-exit(\s|$)/.test(stops[1].cls)) errors.push(`the second Tab stop is ${stops[1] ? stops[1].name : "nothing"}, not the quick-exit link`);
      for (let i = 1; i < stops.length; i++) {
        if (stops[i].index < stops[i - 1].index) errors.push(`Tab goes back in the document: ${stops[i - 1].name} → ${stops[i].name}`);
      }
      for (const stop of stops) {
        const { now, before, visible } = stop.look;
        if (!visible) {
          errors.push(`${stop.name}: has the focus but is not visible`);
          continue;
        }
        if (!before) {
          errors.push(`${stop.name}: was not found among the focusable elements before tabbing`);
          continue;
        }
        const outline = now["outline-style"] !== "none" && parseFloat(now["outline-width"]) > 0 &&
          (now["outline-style"] !== before["outline-style"] || now["outline-width"] !== before["outline-width"] || now["outline-color"] !== before["outline-color"]);
        const shadow = now["box-shadow"] !== "none" && now["box-shadow"] !== before["box-shadow"];
        if (!outline && !shadow) {
          errors.push(`${stop.name}: no visible focus indicator (outline ${now["outline-style"]} ${now["outline-width"]}, box-shadow ${now["box-shadow"]}; unchanged from unfocused)`);
        }
      }
      console.log(`  ${stops.length} Tab stops at ${width} px: ${stops.slice(0, 6).map((s) => s.name.split(">")[0] + ">").join(", ")}, …`);
      return errors.concat(watch.problems, watch.foreign.map((u) => `request to another host: ${u}`));
    } finally {
      await context.close();
    }
  });
}

// ---- 3. Quick exit ----
for (const width of want("quick-exit") ? WIDTHS : []) {
  for (const how of ["click", "Shift ×3"]) {
    for (const lang of ["", "ar"]) {
      const url = address(lang, GUIDANCE);
      await check(`quick exit by ${how} at ${width} px on ${url}: location.replace, hidden at once`, async () => {
        const { page, context, watch } = await newPage({ width });
        try {
          // The page being left cannot be evaluated once its navigation is under way, so it reports
          // its own state, from the moment the class appears, on the console.
          let seen = null;
          page.on("console", (msg) => {
            const m = /^quick-exit-state (.*)$/.exec(msg.text());
            if (m && !seen) seen = JSON.parse(m[1]);
          });
          await page.goto(origin + url);
          const link = await page.$("a.quick-exit");
          assert(link, "no a.quick-exit on the page");
          const exit = new URL(await link.getAttribute("href"));
          const text = (await link.textContent()).trim();
          assert(text.length > 0, "the quick-exit link has no text");
          if (!lang) assert(text === "Leave this site", `the English quick-exit link says "${text}"`);
          else assert(text !== "Leave this site", `the quick-exit link on ${url} is not translated`);
          const box = await link.boundingBox();
          assert(box && box.width > 0 && box.height >= 24, `the quick-exit link is not visible or too small: ${JSON.stringify(box)}`);
          assert(box.x >= 0 && box.x + box.width <= width && box.y < 200, `the quick-exit link is not at the top, in the viewport: ${JSON.stringify(box)}`);
          await page.waitForFunction(() => document.documentElement.classList.contains("quick-exit-ready"));
          await page.evaluate(() => {
            new MutationObserver(() => {
              const root = document.documentElement;
              if (root.classList.contains("quick-exit-leaving")) {
                console.log(`quick-exit-state ${JSON.stringify({ cls: root.className, visibility: getComputedStyle(document.body).visibility, title: document.title })}`);
              }
            }).observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
          });
          const before = await page.evaluate(() => history.length);
          // The exit page is answered here, so nothing leaves the machine. The answer waits a little,
          // so that the page being left is seen while the navigation is under way.
          let requested = null;
          await page.route((u) => u.hostname === exit.hostname, async (route) => {
            if (route.request().isNavigationRequest() && !requested) {
              requested = { url: route.request().url() };
            }
            await new Promise((ok) => setTimeout(ok, 300));
            await route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Exit</title><p>exit page" });
          });
          if (how === "click") {
            await page.click("a.quick-exit", { noWaitAfter: true });
          } else {
            await page.keyboard.press("Shift");
            await page.keyboard.press("Shift");
            await page.keyboard.press("Shift");
          }
          await page.waitForURL((u) => u.hostname === exit.hostname);
          const after = await page.evaluate(() => history.length);
          const errors = [];
          if (!requested) errors.push(`no navigation request for ${exit.href}`);
          else if (requested.url !== exit.href) errors.push(`went to ${requested.url}, not ${exit.href}`);
          if (!seen) errors.push("the page was not marked quick-exit-leaving before it was replaced");
          else {
            if (seen.visibility !== "hidden") errors.push(`the body was still ${seen.visibility} while leaving`);
            if (seen.title !== "") errors.push(`the title was still "${seen.title}" while leaving`);
          }
          if (after !== before) errors.push(`history grew from ${before} to ${after}: not location.replace`);
          if (!page.url().startsWith(exit.origin)) errors.push(`ended on ${page.url()}`);
          const foreign = watch.foreign.filter((u) => new URL(u).hostname !== exit.hostname);
          return errors.concat(watch.problems, foreign.map((u) => `request to another host: ${u}`));
        } finally {
          await context.close();
        }
      });
    }
  }
}

if (want("quick-exit")) await check("quick exit: Shift presses broken by another key, or spread over more than a second, do not leave", async () => {
  const { page, context, watch } = await newPage({ width: 1280 });
  try {
    await page.goto(origin + GUIDANCE);
    await page.waitForFunction(() => document.documentElement.classList.contains("quick-exit-ready"));
    await page.keyboard.press("Shift");
    await page.keyboard.press("Shift");
    await page.keyboard.press("a");
    await page.keyboard.press("Shift");
    await page.waitForTimeout(300);
    assert(page.url() === origin + GUIDANCE, `Shift, Shift, a, Shift left for ${page.url()}`);
    await page.waitForTimeout(1100); // the count starts again
    await page.keyboard.press("Shift");
    await page.keyboard.press("Shift");
    await page.waitForTimeout(1100);
    await page.keyboard.press("Shift");
    await page.waitForTimeout(300);
    assert(page.url() === origin + GUIDANCE, `three Shift presses over more than a second left for ${page.url()}`);
    return watch.problems.concat(watch.foreign.map((u) => `request to another host: ${u}`));
  } finally {
    await context.close();
  }
});

// ---- 5. Without JavaScript ----
const STANDARD = PAGES.find((p) => p.type === "standard")?.path ?? "/standards/cross-cutting-principles/";
const NO_JS = [["home", "/"], ["standard", STANDARD], ["guidance", GUIDANCE]];
for (const [type, path] of want("no-js") ? NO_JS : []) {
  for (const width of WIDTHS) {
    await check(`without JavaScript: ${type} ${path} reads and navigates (${width} px)`, async () => {
      const { page, context, watch } = await newPage({ width, javaScriptEnabled: false });
      const errors = [];
      try {
        await page.goto(origin + path);
        const main = await page.evaluate(() => {
          const m = document.getElementById("main");
          const h1 = m && m.querySelector("h1");
          const box = h1 && h1.getBoundingClientRect();
          return { text: m ? m.innerText.trim().length : 0, h1: h1 ? h1.textContent.trim() : "", h1Shown: !!box && box.width > 0 && box.height > 0 };
        });
        if (!main.h1Shown) errors.push(`no visible <h1> in <main> (${main.h1})`);
        if (main.text < 200) errors.push(`<main> shows only ${main.text} characters`);
        // Every link of the header (navigation, language switcher) and the breadcrumbs is shown and works.
        const links = await page.$$eval(".site-header a[href], nav[aria-label] a[href]", (as) =>
          as.map((a) => {
            const b = a.getBoundingClientRect();
            return { href: a.getAttribute("href"), text: a.textContent.trim(), shown: b.width > 0 && b.height > 0 && getComputedStyle(a).visibility !== "hidden" };
          }),
        );
        const navLinks = await page.$$(".site-nav a[href]");
        if (navLinks.length === 0) errors.push("no .site-nav links");
        for (const l of links) {
          if (!l.shown) errors.push(`link "${l.text}" (${l.href}) is not shown without JavaScript`);
        }
        const seen = new Set();
        for (const l of links) {
          const target = new URL(l.href, origin + path);
          if (target.origin !== origin || seen.has(target.pathname)) continue;
          seen.add(target.pathname);
          const response = await page.request.get(target.href);
          if (response.status() !== 200) errors.push(`link "${l.text}" (${l.href}) answers ${response.status()}`);
        }
        // Follow the first navigation link by clicking it, as a reader would.
        const first = links.find((l) => l.shown && l.href && !l.href.startsWith("#") && new URL(l.href, origin + path).pathname !== new URL(origin + path).pathname);
        if (first) {
          await Promise.all([page.waitForURL((u) => u.pathname === new URL(first.href, origin + path).pathname), page.click(`.site-header a[href="${first.href}"]`)]);
          const h1 = await page.$("#main h1");
          if (!h1) errors.push(`after clicking "${first.text}" there is no <h1> in <main>`);
        }
        return errors.concat(watch.problems, watch.foreign.map((u) => `request to another host: ${u}`));
      } finally {
        await context.close();
      }
    });
  }
}

// ---- 6. Weight table ----
if (want("pages")) {
  const langs = LANGUAGES.map((l) => l || "en");
  const kb = (n) => (n / 1024).toFixed(1).padStart(6);
  console.log(`\nbytes transferred per page type, images left out: gzipped as sent (uncompressed); KB = 1024 bytes, headers included`);
  console.log(`${"page type".padEnd(16)}${langs.map((l) => `${l} KB`.padStart(20)).join("")}   requests`);
  const over = [];
  const plainOver = [];
  for (const [type, byLang] of weights) {
    const cells = langs.map((l) => {
      const w = byLang[l];
      if (!w) return "–".padStart(20);
      if (w.bytes > MAX_WEIGHT) over.push(`${type} (${l}): ${w.bytes} bytes`);
      if (w.plain > MAX_WEIGHT) plainOver.push(`${type} (${l}) ${(w.plain / 1024).toFixed(1)}`);
      return `${kb(w.bytes)} (${kb(w.plain).trim()})`.padStart(20);
    });
    console.log(`${type.padEnd(16)}${cells.join("")}   ${langs.map((l) => (byLang[l] ? byLang[l].count : "-")).join("/")}`);
  }
  if (plainOver.length) {
    console.log(`note: uncompressed, over ${MAX_WEIGHT / 1024} KB: ${plainOver.join(", ")}`);
  }
  console.log("");
  report(`weight: every page type under ${MAX_WEIGHT / 1024} KB transferred (images left out)`, over.map((o) => `over the limit: ${o}`));
}

// ---- Summary of axe violations ----
if (!want("pages")) {
  // nothing measured
} else if (axeByRule.size) {
  console.log("\naxe violations by rule:");
  for (const [id, v] of axeByRule) {
    console.log(`- ${id} (${v.impact}): ${v.help}\n  on ${v.pages.size} page loads: ${[...v.pages].join(", ")}`);
    for (const n of v.nodes) {
      console.log(`    ${n.html}\n      ${(n.summary || "").split("\n").join("\n      ")}`);
    }
  }
} else {
  console.log("\naxe: no violations");
}

await finish(browser, server, failed);

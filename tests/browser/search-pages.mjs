// Issue 17, point 3: search results as a reader meets them on the sample site.
//
//   node tests/browser/search-pages.mjs OUTPUT_DIR      (the sample site, built)
//
// At 1280 and 390 px: a query lists each page once (its best sections under it) and counts
// pages; the guide on trafficking ranks above the news that mention it; the Swedish name of a
// theme (`aga`) finds the pages filed under it; a word with one typing slip (`intervew`) finds the
// interview pages; a Swedish query that finds nothing offers the same query in English, which
// one click runs.
// Exit codes: 0 all passed, 1 a check failed, 2 usage or setup error, 3 Chromium is missing.

import { startChecks } from "./serve.mjs";

const TIMEOUT = 15_000;
const { origin, browser, report, done } = await startChecks("search-pages.mjs");
async function check(name, fn) {
  const problems = [];
  try {
    await fn(problems);
  } catch (e) {
    problems.push(e.message);
  }
  report(name, problems);
}

const status = "[data-search-status]";
const titles = "ol[data-search-results] > li > h3 a";

/** Opens a search and waits for its status; returns the visible results' links and the status. */
async function search(page, path) {
  await page.goto(origin + path);
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() !== "", status, { timeout: TIMEOUT });
  // Results come ten at a time: a reader who wants them all presses "More results".
  const more = page.locator("[data-search-more]");
  for (let presses = 0; presses < 20 && (await more.isVisible()); presses++) {
    const before = await page.locator(titles).count();
    await more.click();
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length > n, [titles, before], { timeout: TIMEOUT });
  }
  return shown(page);
}

async function shown(page) {
  const links = [];
  for (const a of await page.locator(titles).all()) {
    if (await a.isVisible()) {
      const li = a.locator("xpath=ancestor::li[1]");
      links.push({
        href: await a.getAttribute("href"),
        text: (await a.innerText()).trim(),
        type: (await li.locator(".type-label").allInnerTexts()).join(""),
      });
    }
  }
  return { links, said: (await page.locator(status).innerText()).trim() };
}

for (const width of [1280, 390]) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const at = `${width} px`;

  await check(`${at} "trafficking": each page once, pages counted, the guide above the news`, async (problems) => {
    const { links, said } = await search(page, "/search/?q=trafficking");
    const pages = links.map((l) => l.href.split("#")[0]);
    const twice = pages.filter((p, i) => pages.indexOf(p) !== i);
    if (twice.length) problems.push(`pages listed more than once: ${twice.join(", ")}`);
    if (links.some((l) => l.href.includes("#"))) problems.push("a section is listed as a result of its own");
    if (said !== `${links.length} results`) problems.push(`the status says "${said}" for ${links.length} pages shown`);
    const guide = pages.indexOf("/guidance/trafficked-children/");
    const news = links.findIndex((l) => l.type === "News");
    if (guide < 0) problems.push("the guide on trafficked children is not found");
    if (news >= 0 && news < guide) problems.push(`news (${links[news].text}) ranks above the guide`);
    if (links[0]?.type === "News") problems.push(`the first result is news: ${links[0].text}`);
    // Sections under their page: those whose stored fields come with the pages' (no request more).
    const withSubs = page.locator("ol[data-search-results] > li:has(.search-result__section)");
    if (!(await withSubs.count()) || !(await withSubs.first().isVisible())) {
      problems.push("no page shows its matching sections under it");
    } else {
      const own = await withSubs.first().locator("h3 a").getAttribute("href");
      for (const href of await withSubs.first().locator(".search-result__section > a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))) {
        if (!href.startsWith(own + "#")) problems.push(`a sub-result of ${own} links to ${href}`);
      }
    }
  });

  await check(`${at} Swedish "aga" finds the corporal punishment pages`, async (problems) => {
    await page.goto(origin + "/sv/themes/corporal-punishment/");
    const filed = await page.locator("main .card__title a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    if (!filed.length) problems.push("the theme page lists nothing");
    const { links } = await search(page, "/sv/search/?q=aga");
    for (const href of filed) {
      if (!links.some((l) => l.href === href)) problems.push(`${href} is not found (results: ${JSON.stringify(links.map((l) => l.href))})`);
    }
  });

  await check(`${at} one typing slip: "intervew" finds the interview pages`, async (problems) => {
    const { links } = await search(page, "/search/?q=intervew");
    if (!links.some((l) => /interview/i.test(l.text))) problems.push(`no title with "interview" among ${JSON.stringify(links.map((l) => l.text))}`);
    const marked = await page.locator("ol[data-search-results] mark").first().innerText().catch(() => "");
    if (!/^interview/i.test(marked)) problems.push(`the word found is not highlighted (first mark: "${marked}")`);
    const { links: none } = await search(page, "/search/?q=xqzzyv");
    if (none.length) problems.push("a word nowhere near any form finds something");
  });

  await check(`${at} a Swedish query finding nothing offers it in English, one click away`, async (problems) => {
    const { links } = await search(page, "/sv/search/?q=forensic");
    if (links.length) {
      problems.push(`the Swedish search finds ${links.length} pages: pick another word`);
      return;
    }
    const offer = page.locator("[data-search-other] a");
    if (!(await offer.isVisible())) {
      problems.push("no offer to search in English is visible");
      return;
    }
    if (!(await offer.innerText()).includes("forensic")) problems.push(`the offer does not show the query: ${await offer.innerText()}`);
    await offer.click();
    await page.waitForURL((url) => url.pathname === "/search/" && url.searchParams.get("q") === "forensic", { timeout: TIMEOUT });
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() !== "", status, { timeout: TIMEOUT });
    const after = await shown(page);
    if (!after.links.length) problems.push(`the English search shows nothing (${after.said})`);
    const englishOffer = page.locator("[data-search-other]");
    if ((await englishOffer.count()) && (await englishOffer.isVisible())) problems.push("the English page offers itself");
  });

  await context.close();
}

await done();

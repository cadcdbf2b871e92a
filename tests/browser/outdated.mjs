// Issue 19: readers of a translation whose original changed see which sections changed.
//
//   node tests/browser/outdated.mjs OUTPUT_DIR      (tests/fixtures/outdated, built)
//
// In Ukrainian and Arabic (right to left), at 1280 and 390 px: on the translation of a page whose
// original changed in one section since it was translated, the reader sees a notice in their
// language saying when the original was updated and naming that section as the translation
// heads it; they click the section's name and land on that section of the original (the
// address ends in its heading's id, the heading is in view). The paragraph still in English is
// marked as English, and shown. axe finds nothing on the translation.
// Exit codes: 0 all passed, 1 a check failed, 2 usage or setup error, 3 Chromium is missing.

import { axeSource, runAxe } from "./axe.mjs";
import { startChecks } from "./serve.mjs";

const LANGUAGES = {
  uk: {
    title: "Оригінал змінено",
    sentence: "Частини оригіналу (English) оновлено 3 травня 2026 р., уже після того, як було зроблено цей переклад:",
    section: "Опитування",
  },
  ar: {
    title: "تغيّر النص الأصلي",
    sentence: "حُدِّثت أجزاء من النص الأصلي (English) في 3 مايو 2026، بعد إعداد هذه الترجمة:",
    section: "المقابلات",
  },
};

const { origin, browser, report, done } = await startChecks("outdated.mjs");
const axe = await axeSource();

/** Waits until the element `selector` is in view, not under the pinned quick-exit bar, and
 *  the page's (smooth) scrolling has stopped; whether it got there. */
async function cameIntoView(page, selector) {
  const shown = () => page.evaluate((selector) => {
    const element = document.querySelector(selector);
    const box = element?.getBoundingClientRect();
    if (!box || box.top < 0 || box.bottom > window.innerHeight) return null;
    const atCentre = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return element.contains(atCentre) ? window.scrollY : null;
  }, selector);
  let last = null;
  for (let tries = 0; tries < 50; tries += 1) {
    const now = await shown();
    if (now !== null && now === last) return true;
    last = now;
    await page.waitForTimeout(100);
  }
  return false;
}

for (const width of [1280, 390]) {
  const context = await browser.newContext({ viewport: { width, height: 700 } });
  const page = await context.newPage();
  for (const [lang, expected] of Object.entries(LANGUAGES)) {
    const at = `${width} px, ${lang}`;
    const address = `${origin}/${lang}/guidance/referral/`;
    await page.goto(address, { waitUntil: "load" });

    {
      const problems = [];
      const notice = page.locator(".notice--translation");
      if ((await notice.count()) !== 1 || !(await notice.isVisible())) {
        problems.push("no visible notice");
      } else {
        const title = (await notice.locator(".notice__title").innerText()).trim();
        if (title !== expected.title) problems.push(`its title is "${title}"`);
        const sentence = (await notice.locator("p").nth(1).innerText()).trim();
        if (sentence !== expected.sentence) problems.push(`it says "${sentence}"`);
        const links = notice.locator("ul a");
        const names = (await links.allInnerTexts()).map((text) => text.trim());
        if (names.join("|") !== expected.section) problems.push(`it names ${JSON.stringify(names)}`);
        const box = await notice.boundingBox();
        if (!box || box.x < 0 || box.x + box.width > width) problems.push("it is wider than the screen");
        const link = await links.first().boundingBox();
        if (!link || link.height < 24) problems.push(`its link is ${link?.height} px high`);
      }
      const english = page.locator(".prose p[lang='en'][dir='ltr']");
      if ((await english.count()) !== 1 || !(await english.isVisible())) {
        problems.push(`${await english.count()} paragraphs marked as English (1 expected, visible)`);
      }
      report(`${at}: the notice names the changed section in the reader's language`, problems);
    }

    report(`${at}: axe finds nothing on the translation`,
      (await runAxe(page, axe)).map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target).join(", ")}`));

    {
      const problems = [];
      await page.locator(".notice--translation ul a").first().click();
      await page.waitForURL((url) => url.hash !== "", { timeout: 10_000 }).catch(() => {});
      const url = new URL(page.url());
      if (url.pathname !== "/guidance/referral/" || url.hash !== "#interviews") {
        problems.push(`the link led to ${url.pathname}${url.hash}`);
      }
      const heading = page.locator("h2#interviews");
      if (!(await heading.isVisible()) || !(await cameIntoView(page, "h2#interviews"))) {
        problems.push("the section's heading is not in view");
      } else if ((await heading.innerText()).trim() !== "Interviews") {
        problems.push(`the heading says "${await heading.innerText()}"`);
      }
      // The page is longer than the screen: the browser went down to the section.
      if ((await page.evaluate(() => window.scrollY)) <= 0) problems.push("the page did not scroll to the section");
      if ((await page.evaluate(() => document.documentElement.lang)) !== "en") {
        problems.push("the page reached is not the English original");
      }
      report(`${at}: the section's link leads to it in the original`, problems);
    }
  }
  await context.close();
}

await done();

// Issue 17 point 4: the safety kit, as a reader in a hurry meets it.
//
//   node tests/browser/safety.mjs OUTPUT_DIR
//
// In English, Swedish, Ukrainian and Arabic, at 1280 and 390 px:
//   a. the exit button stays in view and on top while a long page scrolls;
//   b. nothing a keyboard focuses is hidden under it (WCAG 2.2 "focus not obscured");
//   c. a link for screen-reader users leads to it ("Skip to the exit button");
//   d. a link next to it opens "Staying safe online" in the same language;
//   e. the home, 404 and safety pages show 112 and 116 111 as links that call them;
//   f. axe with the WCAG 2.2 A/AA rules finds nothing there, and every interactive target outside
//      running text is at least 24×24 px.
// Exit codes: 0 all passed, 1 a check failed, 2 usage or setup error, 3 Chromium is missing.

import { axeSource, runAxe } from "./axe.mjs";
import { startChecks } from "./serve.mjs";

const axe = await axeSource();
const { origin, browser, report, done } = await startChecks("safety.mjs");

const LANGS = ["", "sv/", "uk/", "ar/"];
const LONG_PAGE = "standards/forensic-interviews/";

/// The exit button's box, and whether the element at its centre is the button.
async function exitOnTop(page) {
  return page.evaluate(() => {
    const exit = document.querySelector("a.quick-exit");
    if (!exit) {
      return "no exit button";
    }
    const box = exit.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight || box.width < 24 || box.height < 24) {
      return `the exit button is at ${Math.round(box.top)}–${Math.round(box.bottom)} px of a ${window.innerHeight} px window`;
    }
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit === exit || exit.contains(hit) ? null : `the exit button is covered by <${hit && hit.tagName.toLowerCase()}>`;
  });
}

for (const width of [1280, 390]) {
  // Scrolls that the focus causes happen at once (the theme scrolls smoothly otherwise).
  const context = await browser.newContext({ viewport: { width, height: 700 }, reducedMotion: "reduce" });
  const page = await context.newPage();
  for (const lang of LANGS) {
    const url = `/${lang}${LONG_PAGE}`;
    // a. Scrolled down the page, the button stays in view.
    await page.goto(`${origin}${url}`, { waitUntil: "load" });
    const problems = [];
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (const y of [0, 600, Math.floor(height / 2), height]) {
      await page.evaluate((to) => window.scrollTo(0, to), y);
      await page.waitForTimeout(50);
      const problem = await exitOnTop(page);
      if (problem) {
        problems.push(`scrolled to ${y} px: ${problem}`);
      }
    }
    report(`${width} px ${url}: the exit button stays in view`, problems);

    // b. Tab through the page: every focused element is seen, not under the pinned button.
    const hidden = [];
    await page.goto(`${origin}${url}`, { waitUntil: "load" });
    await page.locator("body").focus();
    for (let i = 0; i < 80; i += 1) {
      await page.keyboard.press("Tab");
      const problem = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body || el.closest(".quick-exit-bar")) {
          return null;
        }
        const exit = document.querySelector("a.quick-exit").getBoundingClientRect();
        const bar = document.querySelector(".quick-exit-bar").getBoundingClientRect();
        const cover = getComputedStyle(document.querySelector(".quick-exit-bar")).display === "contents" ? exit : bar;
        const box = el.getBoundingClientRect();
        const overlap = Math.min(box.bottom, cover.bottom) - Math.max(box.top, cover.top);
        const across = Math.min(box.right, cover.right) - Math.max(box.left, cover.left);
        // A few pixels of a link's padding may pass under the bar's edge; its text may not.
        if (overlap > 4 && across > 0) {
          return `<${el.tagName.toLowerCase()}> "${(el.textContent || "").trim().slice(0, 40)}" at ${Math.round(box.top)} px is under the exit (to ${Math.round(cover.bottom)} px)`;
        }
        return null;
      });
      if (problem) {
        hidden.push(problem);
      }
    }
    report(`${width} px ${url}: nothing focused is hidden under the pinned exit`, hidden.slice(0, 5));
  }
  await context.close();
}

// c, d, e: the skip link, the safety page, the numbers.
for (const width of [1280, 390]) {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  for (const lang of LANGS) {
    const problems = [];
    await page.goto(`${origin}/${lang}`, { waitUntil: "load" });
    const htmlLang = await page.evaluate(() => document.documentElement.lang);
    const skip = page.locator('a[href="#quick-exit"]');
    if ((await skip.count()) !== 1 || !(await skip.innerText()).trim()) {
      problems.push("no link to the exit button for screen readers");
    } else {
      await skip.focus();
      await page.keyboard.press("Enter");
      const focused = await page.evaluate(() => document.activeElement.classList.contains("quick-exit"));
      if (!focused) {
        problems.push("following the link to the exit button does not focus it");
      }
    }
    const safety = page.locator(".quick-exit-bar a:not(.quick-exit):not(.visually-hidden)");
    if ((await safety.count()) !== 1 || !(await safety.isVisible())) {
      problems.push("no visible link next to the exit button");
    } else {
      const exitBox = await page.locator("a.quick-exit").boundingBox();
      const box = await safety.boundingBox();
      const distance = Math.max(0, box.y - (exitBox.y + exitBox.height), exitBox.y - (box.y + box.height));
      if (distance > 80) {
        problems.push(`the safety link is ${Math.round(distance)} px from the exit button`);
      }
      await safety.click();
      await page.waitForLoadState("load");
      const now = await page.evaluate(() => ({ lang: document.documentElement.lang, path: location.pathname, h1: document.querySelector("h1").textContent.trim() }));
      if (now.lang !== htmlLang || !now.path.startsWith(`/${lang}`) || !now.h1) {
        problems.push(`the safety link leads to ${now.path} (lang ${now.lang}, title "${now.h1}")`);
      }
    }
    for (const path of [`/${lang}`, `/${lang}safety/`, `/${lang}no-such-page/`]) {
      await page.goto(`${origin}${path}`, { waitUntil: "load" });
      for (const [number, tel] of [["112", "tel:112"], ["116 111", "tel:116111"]]) {
        const link = page.locator(`main a[href="${tel}"]`, { hasText: number });
        if (!(await link.first().isVisible().catch(() => false))) {
          problems.push(`${path} shows no link calling ${number}`);
        }
      }
    }
    report(`${width} px /${lang}: a link to the exit, the safety page next to it, the helpline numbers`, problems);
  }
  await context.close();
}

// f. axe with WCAG 2.2 AA, and target sizes.
for (const width of [1280, 390]) {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  for (const lang of LANGS) {
    const problems = [];
    for (const path of ["", "safety/", "no-such-page/", LONG_PAGE, "practices/", "search/?q=barnahus"]) {
      const url = `/${lang}${path}`;
      await page.goto(`${origin}${url}`, { waitUntil: "load" });
      await page.waitForTimeout(path.startsWith("search") ? 500 : 0);
      const small = await page.evaluate(() => {
        const found = [];
        for (const el of document.querySelectorAll("a[href], button, input, select, textarea, summary")) {
          const box = el.getBoundingClientRect();
          const style = getComputedStyle(el);
          // The skip link is drawn (large) only while it has the focus.
          const unfocusedSkip = el.classList.contains("skip-link") && el !== document.activeElement;
          if (box.width === 0 || style.visibility === "hidden" || el.closest(".visually-hidden") || unfocusedSkip) {
            continue;
          }
          // WCAG 2.5.8 leaves out links inside a sentence: a link in running text.
          const parent = el.parentElement;
          const inText = style.display === "inline" && parent &&
            parent.textContent.trim().length > el.textContent.trim().length + 1;
          if ((box.width < 24 || box.height < 24) && !inText) {
            const where = el.parentElement.closest("[class]");
            found.push(`${where ? "." + where.className.split(" ")[0] + " " : ""}<${el.tagName.toLowerCase()} class="${el.className}"> "${(el.textContent || el.value || "").trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
          }
        }
        return found;
      });
      problems.push(...small.slice(0, 40).map((s) => `${url}: ${s}`));
      for (const v of await runAxe(page, axe)) {
        problems.push(`${url}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target).slice(0, 3).join(", ")})`);
      }
    }
    report(`${width} px /${lang}: axe (WCAG 2.2 AA) finds nothing; targets are at least 24×24 px`, problems);
  }
  await context.close();
}

await done();

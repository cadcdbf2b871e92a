// Lighthouse on the home page, a standard and a guidance page of a built site, in Debian's
// Chromium: the accessibility score must be 100; performance and best practices are reported.
//
//   node tests/browser/lighthouse.mjs OUTPUT_DIR
//
// The site is served as site.mjs serves it (127.0.0.1, `Content-Security-Policy: default-src
// 'self'`, gzip). Lighthouse runs its default mobile emulation with simulated throttling, so the
// scores do not depend on this machine's network. Exit codes as in site.mjs.

import { builtSite, CHROMIUM, serve } from "./serve.mjs";

const PAGES = [
  ["home", "/"],
  ["standard", "/standards/cross-cutting-principles/"],
  ["guidance", "/guidance/transnational-cases/"],
];

const dir = builtSite("lighthouse.mjs");
let lighthouse;
let chromeLauncher;
try {
  lighthouse = (await import("lighthouse")).default;
  chromeLauncher = await import("chrome-launcher");
} catch (e) {
  console.error(`lighthouse is missing (${e.message}): run \`npm ci --prefix tests/browser --ignore-scripts\` first`);
  process.exit(2);
}

const { server, origin: base } = await serve(dir, { gzip: true });
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  logLevel: "silent",
});
const failures = [];
try {
  for (const [type, path] of PAGES) {
    const result = await lighthouse(`${base}${path}`, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["accessibility", "performance", "best-practices"],
    });
    const { categories, audits } = result.lhr;
    const score = (id) => Math.round(categories[id].score * 100);
    console.log(
      `${type.padEnd(9)} accessibility ${score("accessibility")}  performance ${score("performance")}  ` +
        `best practices ${score("best-practices")}  (LCP ${audits["largest-contentful-paint"].displayValue}, ` +
        `CLS ${audits["cumulative-layout-shift"].displayValue}, TBT ${audits["total-blocking-time"].displayValue})`,
    );
    for (const id of ["accessibility", "best-practices"]) {
      const failed = categories[id].auditRefs
        .map((ref) => audits[ref.id])
        .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual");
      for (const audit of failed) console.log(`          ${id}: ${audit.id}: ${audit.title}`);
    }
    if (score("accessibility") !== 100) {
      failures.push(`${type} ${path}: accessibility ${score("accessibility")}, expected 100`);
    }
  }
} finally {
  await chrome.kill();
  server.close();
}
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}

// axe-core in a page, as every browser check runs it: the WCAG 2.0, 2.1 and 2.2 A and AA rules,
// and text whose contrast axe leaves undecided measured against the background colour behind it.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** axe-core's script, or exit 2 with what to install. */
export async function axeSource() {
  try {
    const require = createRequire(import.meta.url);
    return await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  } catch (e) {
    console.error(`axe-core is missing (${e.message}): run \`npm ci --prefix tests/browser\` first`);
    process.exit(2);
  }
}

/** The violations axe (with `source`, from `axeSource`) finds in `page`, with `tags`' rules. */
export async function runAxe(page, source, tags = AXE_TAGS) {
  // page.evaluate goes through the DevTools protocol, which the page's CSP does not govern, so axe
  // runs in the very page the CSP check looked at; an inline <script> tag would be blocked.
  await page.evaluate(source);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations", "incomplete"],
    });
    const violations = result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ html: n.html, summary: n.failureSummary, target: n.target.join(" ") })),
    }));
    // Text axe leaves undecided ("needs review"): partly scrolled out of a box (the section row
    // on small screens, wide tables), one or two characters, or SVG text. Its colour against the
    // first opaque background colour behind it must reach the ratio axe expected; a background
    // image on the way cannot be judged and fails too.
    const rgba = (c) => {
      const [r, g, b, a = 1] = (c.match(/[\d.]+/g) || []).map(Number);
      return [r, g, b, a];
    };
    const luminance = (rgb) =>
      rgb
        .map((v) => v / 255)
        .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const undecided = [];
    for (const rule of result.incomplete.filter((r) => r.id === "color-contrast")) {
      for (const node of rule.nodes) {
        const el = document.querySelector(node.target[0]);
        const expected = Number(String(node.any.map((c) => c.data && c.data.expectedContrastRatio).find(Boolean) || "4.5").split(":")[0]);
        const style = getComputedStyle(el);
        let bg = null;
        let image = false;
        for (let e = el; e && !bg && !image; e = e.parentElement) {
          const s = getComputedStyle(e);
          image = s.backgroundImage !== "none";
          const c = rgba(s.backgroundColor);
          if (c[3] === 1) bg = c.slice(0, 3);
        }
        bg = bg || [255, 255, 255];
        const [r, g, b, a] = rgba(el instanceof SVGElement ? style.fill : style.color);
        const fg = [r, g, b].map((v, i) => v * a + bg[i] * (1 - a));
        const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
        const ratio = (hi + 0.05) / (lo + 0.05);
        if (image || ratio < expected) {
          undecided.push({
            html: node.html,
            target: node.target.join(" "),
            summary: image ? "a background image is behind the text" : `${ratio.toFixed(2)}:1, expected ${expected}:1`,
          });
        }
      }
    }
    if (undecided.length) {
      violations.push({
        id: "color-contrast (undecided by axe)",
        impact: "serious",
        help: "Text axe could not judge is below the contrast it expected",
        nodes: undecided,
      });
    }
    return violations;
  }, tags);
}

//! What templates see of mapping findings: on the findings section, every country compared on
//! the elements its `comparison` declares, with a bar chart drawn at build time as inline SVG
//! (no script, a text alternative in its `<desc>` and the table beside it); on a country's page,
//! its own values. Values marked `illustrative` are flagged wherever they are shown.

use serde::Serialize;
use serde_yaml::{Mapping, Value};

use crate::content::fields::{as_text, TypeFields};
use crate::locale::Taxonomy;
use crate::render::context::Views;
use crate::resolve::{PageId, Site};
use crate::security::html::escape_html;

/// A label of an element or level, in the page's language.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Label {
    /// The key (`legislation_policy`) or level value (`3`).
    pub(crate) key: String,
    /// What readers see.
    pub(crate) label: String,
}

/// One value of a country on one element.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Cell {
    /// The element's label (used on a country's own page).
    pub(crate) label: String,
    /// The level (0 when not given).
    pub(crate) level: i64,
    /// The level's label.
    pub(crate) level_label: String,
    /// A sentence on the finding.
    pub(crate) summary: String,
    /// True when the value is an example rather than a sourced finding.
    pub(crate) illustrative: bool,
}

/// A country's row of the comparison.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Row {
    /// The country's name in the reader's language.
    pub(crate) name: String,
    /// Its findings page.
    pub(crate) url: String,
    /// The language of that page's text.
    pub(crate) lang: String,
    /// One cell per element.
    pub(crate) cells: Vec<Cell>,
    /// The average level, one decimal.
    pub(crate) average: String,
}

/// The comparison on a findings section.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Comparison {
    /// The columns.
    pub(crate) elements: Vec<Label>,
    /// The scale.
    pub(crate) levels: Vec<Label>,
    /// The countries.
    pub(crate) rows: Vec<Row>,
    /// The bar chart of average levels, as inline SVG.
    pub(crate) chart_svg: String,
    /// True when any value is illustrative.
    pub(crate) has_illustrative: bool,
}

/// The `comparison` a findings section declares: its elements and levels.
fn declared(meta: &Mapping) -> Option<(Vec<Label>, Vec<Label>)> {
    let comparison = meta.get("comparison")?;
    let labels = |key: &str, id: &str| -> Vec<Label> {
        comparison
            .get(key)
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
            .filter_map(|item| {
                Some(Label {
                    key: as_text(item.get(id)?)?,
                    label: as_text(item.get("label")?)?,
                })
            })
            .collect()
    };
    Some((labels("elements", "key"), labels("levels", "value")))
}

/// A country page's values on the declared elements.
fn cells(data: &Mapping, elements: &[Label], levels: &[Label]) -> Vec<Cell> {
    elements
        .iter()
        .map(|element| {
            let value = data.get(element.key.as_str());
            let level = value
                .and_then(|v| v.get("level"))
                .and_then(Value::as_i64)
                .unwrap_or(0);
            Cell {
                label: element.label.clone(),
                level,
                level_label: levels
                    .iter()
                    .find(|l| l.key == level.to_string())
                    .map_or_else(|| level.to_string(), |l| l.label.clone()),
                summary: value
                    .and_then(|v| v.get("summary"))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                illustrative: value
                    .and_then(|v| v.get("illustrative"))
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            }
        })
        .collect()
}

impl Views<'_> {
    /// The comparison of the findings section `id`, when it declares one.
    pub(crate) fn comparison(&self, id: PageId) -> Option<Comparison> {
        let site = self.site_data();
        let section = &site.pages[id];
        let (elements, levels) = declared(&section.front.meta)?;
        let mut rows: Vec<Row> = section
            .pages
            .iter()
            .map(|&p| &site.pages[p])
            .filter_map(|page| match &page.front.fields {
                TypeFields::Finding(finding) => Some((page, finding)),
                _ => None,
            })
            .map(|(page, finding)| {
                let cells = cells(&finding.data, &elements, &levels);
                let given: Vec<i64> = cells.iter().map(|c| c.level).filter(|l| *l > 0).collect();
                let average = if given.is_empty() {
                    0.0
                } else {
                    given.iter().sum::<i64>() as f64 / given.len() as f64
                };
                let code = page
                    .front
                    .country
                    .as_deref()
                    .unwrap_or_default()
                    .to_lowercase();
                Row {
                    name: self.names().name(Taxonomy::Countries, &code, &section.lang),
                    url: page.url.clone(),
                    lang: page.content_lang.clone(),
                    cells,
                    average: format!("{average:.1}"),
                }
            })
            .collect();
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        let has_illustrative = rows.iter().flat_map(|r| &r.cells).any(|c| c.illustrative);
        let max_level = levels
            .iter()
            .filter_map(|l| l.key.parse::<i64>().ok())
            .max()
            .unwrap_or(4);
        let chart_svg = chart(site, id, &rows, &levels, max_level, has_illustrative);
        Some(Comparison {
            elements,
            levels,
            rows,
            chart_svg,
            has_illustrative,
        })
    }

    /// A country page's own values, labelled by its section's comparison.
    pub(crate) fn finding(&self, id: PageId) -> Option<Vec<Cell>> {
        let site = self.site_data();
        let page = &site.pages[id];
        let TypeFields::Finding(finding) = &page.front.fields else {
            return None;
        };
        if page.is_section {
            return None;
        }
        let section = &site.pages[page.parent?];
        let (elements, levels) = declared(&section.front.meta)?;
        Some(cells(&finding.data, &elements, &levels))
    }
}

/// Horizontal bars of each country's average level, with the scale's levels as grid lines. The
/// `<desc>` says in words what the bars show.
fn chart(
    site: &Site,
    section: PageId,
    rows: &[Row],
    levels: &[Label],
    max_level: i64,
    illustrative: bool,
) -> String {
    const LABEL_WIDTH: f64 = 150.0;
    const PLOT_WIDTH: f64 = 420.0;
    const BAR: f64 = 22.0;
    const GAP: f64 = 10.0;
    const TOP: f64 = 10.0;
    let height = TOP + rows.len() as f64 * (BAR + GAP) + 30.0;
    let width = LABEL_WIDTH + PLOT_WIDTH + 50.0;
    let scale = PLOT_WIDTH / max_level.max(1) as f64;
    let title = escape_html(&site.pages[section].front.title);
    let description: Vec<String> = rows
        .iter()
        .map(|r| format!("{}: {}", r.name, r.average))
        .collect();
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" aria-labelledby=\"chart-title chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <title id=\"chart-title\">{title}</title>\n<desc id=\"chart-desc\">{}</desc>\n",
        escape_html(&description.join("; "))
    );
    let plot_bottom = height - 24.0;
    for level in levels {
        let Ok(value) = level.key.parse::<i64>() else {
            continue;
        };
        let x = LABEL_WIDTH + value as f64 * scale;
        svg.push_str(&format!(
            "<line class=\"chart-grid\" x1=\"{x:.1}\" y1=\"{TOP}\" x2=\"{x:.1}\" y2=\"{plot_bottom:.1}\"/>\n\
             <text class=\"chart-axis\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{value}</text>\n",
            height - 8.0
        ));
    }
    for (i, row) in rows.iter().enumerate() {
        let y = TOP + i as f64 * (BAR + GAP);
        let average: f64 = row.average.parse().unwrap_or(0.0);
        let class = if illustrative && row.cells.iter().any(|c| c.illustrative) {
            "chart-bar chart-bar--illustrative"
        } else {
            "chart-bar"
        };
        svg.push_str(&format!(
            "<text class=\"chart-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\n\
             <rect class=\"{class}\" x=\"{LABEL_WIDTH}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{BAR}\"/>\n\
             <text class=\"chart-value\" x=\"{:.1}\" y=\"{:.1}\">{}</text>\n",
            LABEL_WIDTH - 8.0,
            y + BAR * 0.7,
            escape_html(&row.name),
            average * scale,
            LABEL_WIDTH + average * scale + 6.0,
            y + BAR * 0.7,
            row.average,
        ));
    }
    svg.push_str("</svg>");
    svg
}

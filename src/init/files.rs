//! The files of a new site, as text. Each says in a comment what to change; example content is
//! marked as an example wherever a reader sees it.
//!
//! Texts are written with `@NAME@` placeholders, filled in by `fill`, so that YAML's braces need
//! no escaping.

use super::languages::Language;
use crate::status::source_hash;

/// The new site's files: path (with `/`) and text.
pub(crate) fn site_files(languages: &[Language], title: &str) -> Vec<(String, String)> {
    let default = &languages[0];
    // The title last, so that nothing it says is taken for a placeholder.
    let fill = |text: &str| {
        text.replace("@DEFAULT@", &default.code)
            .replace("@TODAY@", &crate::scaffold::today())
            .replace("@TITLE@", &yaml_scalar(title))
    };
    let mut files: Vec<(String, String)> = vec![
        ("site.yaml".into(), fill(&site_yaml(languages))),
        (".gitignore".into(), GITIGNORE.into()),
        (".github/workflows/site.yml".into(), GITHUB_WORKFLOW.into()),
        (".gitlab-ci.yml".into(), GITLAB_CI.into()),
    ];
    for (rel, text) in CONTENT {
        let text = fill(text);
        if let Some(folder) = rel.strip_suffix("_index.md") {
            for language in &languages[1..] {
                files.push((
                    format!("content/{folder}_index.{}.md", language.code),
                    section_to_translate(&text, &language.name),
                ));
            }
        }
        files.push((format!("content/{rel}"), text));
    }
    let guidance = fill(GUIDANCE);
    if let Some(second) = languages.get(1) {
        let translation = GUIDANCE_TRANSLATION
            .replace("@LANGUAGE@", &second.name)
            .replace("@HASH@", &source_hash(&guidance));
        files.push((
            format!("content/guidance/first-steps.{}.md", second.code),
            translation,
        ));
    }
    files.push(("content/guidance/first-steps.md".into(), guidance));
    files.extend(missing_strings(languages));
    files.sort();
    files
}

/// A section's page for a second language: a copy of the original to translate, with the hash
/// of the original it copies, so that every section has its title in every language from the
/// start (`soteria check` warns of a section title missing in a language).
fn section_to_translate(original: &str, language: &str) -> String {
    let hash = source_hash(original);
    let body = original.strip_prefix("---\n").unwrap_or(original);
    let (front, rest) = body.split_once("\n---\n").unwrap_or((body, ""));
    format!(
        "---\n# The translation of this section's _index.md into {language}. Change: translate the title,\n\
         # the description and the text (they are still the original's).\n{front}\nsource_hash: \"{hash}\"\n---\n{rest}"
    )
}

/// A string as one YAML scalar (quoted where YAML needs it).
fn yaml_scalar(text: &str) -> String {
    serde_yaml::to_string(text)
        .map(|yaml| yaml.trim_end().to_string())
        .unwrap_or_else(|_| format!("{text:?}"))
}

/// `site.yaml`, with the languages (RTL marked) and the settings to change.
fn site_yaml(languages: &[Language]) -> String {
    let mut list = String::new();
    for language in languages {
        list.push_str(&format!(
            "  {}:\n    name: {}{}\n",
            language.code,
            yaml_scalar(&language.name),
            if language.named {
                ""
            } else {
                "  # Change: the language's name, written in the language itself."
            }
        ));
        if language.rtl {
            list.push_str("    dir: rtl\n");
        }
    }
    SITE_YAML.replace("@LANGUAGES@", &list)
}

/// For each language the built-in theme has no interface strings for, a copy of the English
/// ones to translate (without them, every build would warn that they are missing).
fn missing_strings(languages: &[Language]) -> Vec<(String, String)> {
    let theme = crate::theme::Theme::Builtin;
    let root = std::path::Path::new("");
    let Some((_, english)) = theme.read_text(root, "i18n/en.yaml") else {
        return Vec::new();
    };
    languages
        .iter()
        .filter(|l| {
            theme
                .read_text(root, &format!("i18n/{}.yaml", l.code))
                .is_none()
        })
        .map(|l| {
            (
                format!("i18n/{}.yaml", l.code),
                format!("# Change: translate these interface strings into {} (they are the built-in theme's English ones).\n{english}", l.name),
            )
        })
        .collect()
}

const SITE_YAML: &str = r#"# The settings of the whole site. Change the values marked "Change"; the rest can stay.
# Every setting is described in Soteria's documentation (docs/ in its repository).

# Change: the site's name. For one name per language write a map: {en: …, sv: …}.
title: @TITLE@
# Change: one sentence that says what the site is for (search engines show it).
description: Standards, guidance and tools for the professionals who protect children.
# Change: the address the site will be published at.
base_url: https://example.org/
# The languages: the first is the default one, at the root of the site; each other one has its
# own folder (/sv/). `dir: rtl` marks a language written right to left.
default_language: @DEFAULT@
languages:
@LANGUAGES@# The theme built into soteria. `soteria theme eject` writes it out to change it as a whole;
# files in templates/, static/ and i18n/ replace its files one by one.
theme: default
quick_exit:
  # Change: the neutral page the "Leave this site" button opens, one that a child or a parent
  # can be seen looking at without risk (a weather or news page common in your country).
  url: https://www.google.com/search?q=weather
security:
  # A reader's browser contacts no one but this site: an image or style from another host is
  # an error.
  third_party_resources: error
# The frameworks of standards: each is a section of content/ whose pages are its standards
# (cited in pages as [[std:1]], or [[std:1.2]] for a sub-standard).
# Change: the framework's name (`core`) if you like, in the standards' `framework:` too.
standards:
  core:
    section: standards
"#;

const GITIGNORE: &str = "# Files git leaves out. `output/` is the built site: CI builds it again from the sources.\n# Change: add your editor's own files if they show up in `git status`.\noutput/\n# What a build keeps beside its output folder: a lock, and the previous output until the next build.\n.*.soteria-*\n";

const GITHUB_WORKFLOW: &str = r#"# Checks and builds the site on every push and pull request (GitHub Actions; Gitea Actions
# reads this folder too). `check --format json` fails on any broken link, reference or field
# and prints every problem as JSON; `build` then writes output/.
# Change: how soteria is installed (below), and add a step that publishes output/ to your host.
name: site
on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      # Change: SOTERIA_GIT to the repository you get soteria from (or install a release binary).
      - run: cargo install --locked --git "$SOTERIA_GIT" soteria
        env:
          SOTERIA_GIT: https://example.org/soteria.git
      - run: soteria check --format json
      - run: soteria build
"#;

const GITLAB_CI: &str = r#"# Checks and builds the site on every push (GitLab CI). `check --format json` fails on any
# broken link, reference or field and prints every problem as JSON; `build` then writes output/.
# Change: SOTERIA_GIT to the repository you get soteria from, and add a job that publishes
# output/ (for GitLab Pages, a job named `pages` that moves output/ to public/).
site:
  image: rust:latest
  variables:
    SOTERIA_GIT: https://example.org/soteria.git
  script:
    - cargo install --locked --git "$SOTERIA_GIT" soteria
    - soteria check --format json
    - soteria build
  artifacts:
    paths: [output/]
"#;

/// Content files (under content/) other than the guidance page and its translation.
const CONTENT: &[(&str, &str)] = &[
    ("_index.md", HOME),
    ("about.md", ABOUT),
    ("guidance/_index.md", GUIDANCE_SECTION),
    ("standards/_index.md", STANDARDS_SECTION),
    ("standards/example-standard.md", STANDARD),
    ("tools/_index.md", TOOLS_SECTION),
    ("tools/example-checklist/index.md", TOOL),
    ("tools/example-checklist/checklist.txt", TOOL_FILE),
    ("findings/_index.md", FINDINGS_SECTION),
    ("findings/example-finding.md", FINDING),
    ("practices/_index.md", PRACTICES_SECTION),
    ("practices/example-practice.md", PRACTICE),
    ("projects/_index.md", PROJECTS_SECTION),
    ("projects/example-project.md", PROJECT),
    ("news/_index.md", NEWS_SECTION),
    ("news/site-started.md", NEWS),
];

const HOME: &str = r#"---
# The home page. Change: the title, the description and the text below, and fill in the
# helpline numbers (they are placeholders).
title: @TITLE@
description: What this site offers, and where to get help now.
---

This site brings together standards, guidance and tools for the professionals who protect
children. *(This text is an example: replace it with your own.)*

## If you need help now

This website shares information. It cannot answer questions about one child's situation. If a
child is in danger, contact the emergency services.

- Emergency services: **[fill in the emergency number]**
- Child helpline: **[fill in the child helpline number]**

## What you can find here

- [Standards](@/standards/_index.md) that describe what good practice looks like.
- [Guidance](@/guidance/_index.md) on putting them into practice.
- [Tools](@/tools/_index.md): checklists and templates for everyday work.
- [Findings](@/findings/_index.md), the [registry of good practice](@/practices/_index.md),
  [projects](@/projects/_index.md) and [news](@/news/_index.md).
"#;

const ABOUT: &str = r#"---
# A plain page (content type `page`). Change: say who publishes the site and how to reach you.
title: About this site
description: Who publishes this site, and how to contact them.
---

*(Example text: replace it with your own.)* Say here who publishes this site, who writes its
content and how readers can contact you.
"#;

const GUIDANCE_SECTION: &str = r#"---
# The guidance section: its pages are listed below this text. Change: the text.
title: Guidance
description: Practical guidance for professionals who protect children.
type: guidance
weight: 30
---

Guidance explains how to put the standards into practice in everyday work.
"#;

const GUIDANCE: &str = r#"---
# A guidance page. Change: the title, the description and the text. It shows how a page cites a
# standard ([[std:1]]) and links to another page (@/ paths are checked by every build).
title: First steps when a child discloses violence
description: What to do, and what not to do, when a child tells you about violence.
standards: ["1", "1.1"]
---

*(Example guidance: replace it with your own.)*

When a child tells you about violence, listen calmly, believe what you hear and do not ask
leading questions. Explain what will happen next, in words the child understands. This page
follows the example standard [[std:1]], in particular [[std:1.1]].

Before you act, go through the [example checklist](@/tools/example-checklist/index.md).
"#;

const GUIDANCE_TRANSLATION: &str = r#"---
# The translation of first-steps.md into @LANGUAGE@. Change: translate the title, the description
# and the text. `source_hash` records the version of the original it translates: `soteria status`
# shows it as outdated when the original changes (update the hash after updating the text).
title: First steps when a child discloses violence
description: What to do, and what not to do, when a child tells you about violence.
standards: ["1", "1.1"]
source_hash: "@HASH@"
---

*(Example: this page still has the English text. Translate it into @LANGUAGE@.)*

When a child tells you about violence, listen calmly, believe what you hear and do not ask
leading questions. This page follows [[std:1]].
"#;

const STANDARDS_SECTION: &str = r#"---
# The standards section: the pages of the framework `core` (see site.yaml). Change: the text.
title: Standards
description: What good practice looks like, point by point.
type: standard
weight: 20
---

Standards describe what good practice looks like. Each guidance page and tool says which
standards it helps to meet.
"#;

const STANDARD: &str = r#"---
# A standard with sub-standards. Change: the title, number, description, the sub-standards and
# the text. Pages cite it as [[std:1]] and a sub-standard as [[std:1.1]].
title: "Example standard: the child's best interests"
number: "1"
framework: core
weight: 1
description: An example standard, to replace with your own.
substandards:
  - id: "1.1"
    title: The child is heard
  - id: "1.2"
    title: Decisions are explained to the child
---

*(Example standard: replace it with your own.)*

Every decision about a child weighs what is best for that child.
"#;

const TOOLS_SECTION: &str = r#"---
# The tools section. Change: the text. A tool with files is a folder with an index.md.
title: Tools
description: Checklists and templates for everyday work.
type: tool
weight: 40
---

Tools to print, fill in or adapt.
"#;

const TOOL: &str = r#"---
# A tool: a folder with this page and its files, listed under `files`. Change: the title, the
# description, the kind (checklist, template, toolkit, training …), the audience and the file.
title: Example checklist
description: An example tool with a file to download.
kind: checklist
audience: [social workers]
standards: ["1"]
files:
  - file: checklist.txt
    title: Printable checklist
---

*(Example tool: replace it with your own.)* Print the checklist and go through it before you act.
"#;

const TOOL_FILE: &str = "Change: this file is an example attachment; replace it with your tool's own file.\n\nExample checklist\n[ ] The child has been listened to.\n[ ] The next steps have been explained to the child.\n";

const FINDINGS_SECTION: &str = r#"---
# The findings section: what a mapping found, one page per country. Change: the text.
title: Findings
description: What a mapping found, country by country.
type: finding
weight: 50
---

*The values in this section are examples: they are not findings about any country.*
"#;

const FINDING: &str = r#"---
# A finding: one country's results in a mapping. Change: the title, the country (an ISO 3166-1
# code), the mapping's name and the data, or delete the page. The values below are examples.
title: Example finding (fictional)
description: An example of how a finding is presented; not a finding about any country.
country: se
mapping: example-mapping
data:
  coordination: {level: 1, summary: "Example value.", illustrative: true}
---

*This page is a fictional example: it shows how a finding is presented and says nothing about
the country named. Replace it with a real finding, or delete it.*
"#;

const PRACTICES_SECTION: &str = r#"---
# The registry of good practice, with filters by country, theme, standard and evidence.
# Change: the text.
title: Registry of good practice
description: Ways of working that others can learn from.
type: practice
weight: 60
facets: [country, standards, evidence]
---

Examples of ways of working that other services can learn from.
"#;

const PRACTICE: &str = r#"---
# A practice in the registry. Change: every field (the country is an ISO 3166-1 code; evidence is
# emerging, promising or evaluated) and the text, or delete the page.
title: Example practice (fictional)
description: A fictional example of a practice, to replace with a real one.
country: se
standards: ["1"]
target_group: Children who are victims or witnesses of violence
organisation: Example organisation
period: Ongoing
evidence: emerging
source: Fictional example
---

*This entry is a fictional example: it shows how the registry presents a practice and is not a
description of a real one.*
"#;

const PROJECTS_SECTION: &str = r#"---
# The projects section. Change: the text.
title: Projects
description: The projects that put the standards into practice.
type: project
weight: 70
---

Projects that turn standards and guidance into practice.
"#;

const PROJECT: &str = r#"---
# A project. Change: every field and the text, or delete the page.
title: Example project
description: A fictional example of a project page.
partners: [Example partner]
period: "2026–2027"
lead: Example organisation
---

*(Example project: replace it with a real one.)*
"#;

const NEWS_SECTION: &str = r#"---
# The news section: items newest first, with an Atom feed. Change: the text.
title: News
description: News from this site, newest first.
type: news
weight: 80
---

News, newest first.
"#;

const NEWS: &str = r#"---
# A news item: `date` is required. Change: the title, the date, the description and the text.
title: This site has started
date: @TODAY@
description: The first news item of the site.
---

*(Example news item: replace it with your own.)* This site has started.
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_written_as_it_is_given() {
        let languages = super::super::languages::parse(&["en".to_string()]).unwrap();
        let files = site_files(&languages, "Our site: @DEFAULT@ & 'more'");
        let (_, yaml) = files.iter().find(|(rel, _)| rel == "site.yaml").unwrap();
        let config: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(config["title"], "Our site: @DEFAULT@ & 'more'");
    }
}

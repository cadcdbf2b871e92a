#!/usr/bin/env python3
"""Generates a benchmark corpus for Soteria: N Markdown pages across sections, a share of them
translated, with headings, lists, tables, code blocks and links between pages; and, over the same
Markdown, a Zola site and a Hugo site with minimal templates, so the three can be timed on equal pages.

Deterministic: the same --pages, --translated, --seed (and --zola-version) always give
byte-identical files.

    python3 bench/generate.py --pages 1000 --out /tmp/corpus
    cargo run --release -- build --root /tmp/corpus        # Soteria: OUT itself
    zola --root /tmp/corpus/zola build                     # Zola:    OUT/zola/
    hugo --source /tmp/corpus/hugo                         # Hugo:    OUT/hugo/

Layout of OUT (each part only when named in --for, default all three):
    content/, site.yaml, themes/default/   the Soteria site (as before --for existed)
    zola/   config.toml, templates/, content/   the same page files, byte for byte
    hugo/   hugo.toml, layouts/, content/       the same page files but for the link form

What differs per tool, and why (everything else is the same bytes):
  * Zola's section front matter rejects unknown keys, so its `_index.md` files carry Soteria's
    `type` under `extra`, and `sort_by: date`; Zola only lists Swedish pages in a section that has
    a Swedish `_index.sv.md`, so its tree has those too (Soteria and Hugo make them implicitly).
  * Hugo does not know Zola/Soteria internal links `[x](@/section/page-N.md)`, so its page files
    have them rewritten to the URL they resolve to, `/section/page-N/` (`/sv/...` in a Swedish
    page whose target is translated). Nothing else in the page files changes.
The minimal templates do the same work in both: every page's Markdown rendered (code highlighted
with CSS classes, as Soteria does) into a layout with its title and links to its translations,
every section page listing its pages, the home page listing the sections, and a sitemap; no
feeds, taxonomies or search index.
"""

import argparse
import random
import re
import shutil
from pathlib import Path

TOOLS = ("soteria", "zola", "hugo")
DEFAULT_ZOLA_VERSION = "0.22"

SECTIONS = ["guidance", "tools", "practices", "news", "findings", "projects", "standards", "about"]
WORDS = (
    "child protection system barnahus referral interview assessment support family court police "
    "social work health therapy guardian migration trafficking participation prevention planning "
    "agency coordination evidence practice training municipality school violence recovery safety "
    "standard quality monitoring evaluation rights interests hearing delay environment capacity"
).split()
SV_WORDS = (
    "barn skydd system hänvisning förhör bedömning stöd familj domstol polis socialtjänst hälsa "
    "terapi förmyndare migration människohandel delaktighet förebyggande planering samverkan"
).split()


def sentence(rng, words, n_min=8, n_max=18):
    n = rng.randint(n_min, n_max)
    text = " ".join(rng.choice(words) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def paragraph(rng, words):
    return " ".join(sentence(rng, words) for _ in range(rng.randint(3, 6)))


def body(rng, words, index, total, section_of):
    parts = [paragraph(rng, words)]
    for h in range(rng.randint(2, 4)):
        parts.append(f"## {sentence(rng, words, 2, 5)[:-1]}")
        parts.append(paragraph(rng, words))
        kind = rng.randint(0, 5)
        if kind == 0:
            parts.append("\n".join(f"- {sentence(rng, words, 3, 8)}" for _ in range(rng.randint(3, 6))))
        elif kind == 1:
            rows = [f"| {rng.choice(words)} | {rng.randint(1, 100)} | {rng.choice(words)} |" for _ in range(4)]
            parts.append("| Item | Count | Note |\n|:--|--:|:--|\n" + "\n".join(rows))
        elif kind == 2:
            parts.append("```rust\nfn main() {\n    let children = vec![1, 2, 3];\n    println!(\"{}\", children.len());\n}\n```")
        elif kind == 3:
            parts.append("### " + sentence(rng, words, 2, 4)[:-1])
            parts.append(paragraph(rng, words))
        # Links to other pages of the corpus, by their source path.
        target = rng.randrange(total)
        if target != index:
            parts.append(f"See also [page {target}](@/{section_of(target)}/page-{target}.md).")
    return "\n\n".join(parts) + "\n"


def corpus(pages, translated, seed):
    """The corpus as (relative path, text) pairs, in Soteria's form; all randomness is here."""
    rng = random.Random(seed)
    files = [("_index.md", "---\ntitle: Benchmark corpus\n---\n\nThe home page.\n")]
    for section in SECTIONS:
        kind = "news" if section == "news" else "guidance"
        files.append((
            f"{section}/_index.md",
            f"---\ntitle: {section.capitalize()}\ntype: {kind}\n---\n\nThe {section} section.\n",
        ))

    def section_of(i):
        return SECTIONS[i % len(SECTIONS)]

    n_translated = int(pages * translated)
    for i in range(pages):
        section = section_of(i)
        date = f"20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        front = f"---\ntitle: \"{sentence(rng, WORDS, 3, 7)[:-1]} {i}\"\ndate: {date}\nweight: {i % 7}\n---\n\n"
        files.append((f"{section}/page-{i}.md", front + body(rng, WORDS, i, pages, section_of)))
        if i < n_translated:
            front = f"---\ntitle: \"{sentence(rng, SV_WORDS, 3, 7)[:-1]} {i}\"\ndate: {date}\n---\n\n"
            files.append((f"{section}/page-{i}.sv.md", front + body(rng, SV_WORDS, i, pages, section_of)))
    return files, n_translated


def write_tree(root, files):
    for rel, text in files:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def write_soteria(out, files):
    (out / "site.yaml").write_text(
        "title: Benchmark corpus\nbase_url: https://example.org\ndefault_language: en\n"
        "languages:\n  en:\n    name: English\n  sv:\n    name: Svenska\n"
    )
    write_tree(out / "content", files)
    # The corpus uses the repository's default theme.
    theme = Path(__file__).resolve().parent.parent / "themes" / "default"
    shutil.copytree(theme, out / "themes" / "default")


def zola_highlighting(version):
    """Zola 0.22 replaced syntect's `highlight_code` with a `[markdown.highlighting]` table, and
    rejects the other form (unknown keys are errors), so the config follows the version."""
    major, minor = (int(x) for x in (version.split(".") + ["0"])[:2])
    if (major, minor) >= (0, 22):
        return '[markdown.highlighting]\ntheme = "catppuccin-mocha"\nstyle = "class"\n'
    return '[markdown]\nhighlight_code = true\nhighlight_theme = "css"\n' \
        'highlight_themes_css = [{ theme = "base16-ocean-dark", filename = "syntax.css" }]\n'


ZOLA_BASE = """<!doctype html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock title %}</title>
<link rel="stylesheet" href="{{ get_url(path='syntax.css') }}"></head>
<body>
<header><a href="{{ config.base_url | safe }}">{{ config.title }}</a></header>
<main>{% block content %}{% endblock content %}</main>
</body>
</html>
"""
ZOLA_INDEX = """{% extends "base.html" %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>
{% for path in section.subsections %}{% set sub = get_section(path=path, metadata_only=true) %}<li><a href="{{ sub.permalink | safe }}">{{ sub.title }}</a></li>
{% endfor %}</ul>
{% endblock content %}
"""
ZOLA_SECTION = """{% extends "base.html" %}
{% block title %}{{ section.title }} – {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>
{% for p in section.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a></li>
{% endfor %}</ul>
{% endblock content %}
"""
ZOLA_PAGE = """{% extends "base.html" %}
{% block title %}{{ page.title }} – {{ config.title }}{% endblock title %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
{% if page.date %}<time>{{ page.date }}</time>{% endif %}
{{ page.content | safe }}
</article>
<nav><ul>{% for t in page.translations %}<li><a href="{{ t.permalink | safe }}" hreflang="{{ t.lang }}">{{ t.lang }}</a></li>{% endfor %}</ul></nav>
{% endblock content %}
"""


def write_zola(out, files, zola_version):
    root = out / "zola"
    (root / "templates").mkdir(parents=True)
    (root / "config.toml").write_text(
        'base_url = "https://example.org"\ntitle = "Benchmark corpus"\ndefault_language = "en"\n'
        "compile_sass = false\nbuild_search_index = false\n\n"
        + zola_highlighting(zola_version)
        + '\n[languages.sv]\ntitle = "Benchmark corpus"\nbuild_search_index = false\n'
    )
    for name, text in (("base.html", ZOLA_BASE), ("index.html", ZOLA_INDEX),
                       ("section.html", ZOLA_SECTION), ("page.html", ZOLA_PAGE)):
        (root / "templates" / name).write_text(text)
    zola_files = []
    for rel, text in files:
        if rel.endswith("_index.md"):
            # Zola-only: section front matter accepts no unknown keys (`type` goes under extra),
            # and Swedish pages are listed only in a section with a Swedish _index.
            text = re.sub(r"^type: (\w+)$", r"sort_by: date\nextra:\n  type: \1", text, flags=re.M)
            zola_files.append((rel, text))
            zola_files.append((rel.replace("_index.md", "_index.sv.md"), text))
        else:
            zola_files.append((rel, text))
    write_tree(root / "content", zola_files)


HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Benchmark corpus"
defaultContentLanguage = "en"
# Nothing the other two builds don't make: no feeds, no taxonomy pages.
disableKinds = ["taxonomy", "term", "RSS"]

[languages.en]
languageName = "English"
weight = 1

[languages.sv]
languageName = "Svenska"
weight = 2

[markup.highlight]
codeFences = true
noClasses = false
"""
HUGO_BASEOF = """<!doctype html>
<html lang="{{ .Language.Lang }}">
<head><meta charset="utf-8"><title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title>
<link rel="stylesheet" href="{{ "syntax.css" | absURL }}"></head>
<body>
<header><a href="{{ .Site.Home.Permalink }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""
HUGO_SINGLE = """{{ define "title" }}{{ .Title }} – {{ .Site.Title }}{{ end }}
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Date }}<time>{{ .Format "2006-01-02" }}</time>{{ end }}
{{ .Content }}
</article>
<nav><ul>{{ range .AllTranslations }}<li><a href="{{ .Permalink }}" hreflang="{{ .Lang }}">{{ .Lang }}</a></li>{{ end }}</ul></nav>
{{ end }}
"""
# One list template serves the home page (its .Pages are the sections) and the sections.
HUGO_LIST = """{{ define "title" }}{{ .Title }} – {{ .Site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .Permalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
"""
HUGO_404 = """{{ define "main" }}<h1>Not found</h1>{{ end }}
"""

ZOLA_LINK = re.compile(r"\]\(@/(\w+)/page-(\d+)\.md\)")


def write_hugo(out, files, n_translated):
    root = out / "hugo"
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG)
    for name, text in (("baseof.html", HUGO_BASEOF), ("single.html", HUGO_SINGLE), ("list.html", HUGO_LIST)):
        (layouts / name).write_text(text)
    (root / "layouts" / "404.html").write_text(HUGO_404)

    hugo_files = []
    for rel, text in files:
        # Hugo-only: internal links as the URL they resolve to (see the module's doc).
        swedish = rel.endswith(".sv.md")

        def url(m):
            prefix = "/sv" if swedish and int(m.group(2)) < n_translated else ""
            return f"]({prefix}/{m.group(1)}/page-{m.group(2)}/)"

        hugo_files.append((rel, ZOLA_LINK.sub(url, text)))
    write_tree(root / "content", hugo_files)


def generate(pages, translated, seed, out, tools=TOOLS, zola_version=DEFAULT_ZOLA_VERSION):
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    files, n_translated = corpus(pages, translated, seed)
    if "soteria" in tools:
        write_soteria(out, files)
    if "zola" in tools:
        write_zola(out, files, zola_version)
    if "hugo" in tools:
        write_hugo(out, files, n_translated)


def tool_list(text):
    tools = [t.strip() for t in text.split(",") if t.strip()]
    unknown = [t for t in tools if t not in TOOLS]
    if unknown or not tools:
        raise argparse.ArgumentTypeError(f"expected a comma-separated subset of {','.join(TOOLS)}")
    return tools


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--translated", type=float, default=0.5, help="share of pages with a Swedish translation")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--for", dest="tools", type=tool_list, default=list(TOOLS), metavar="TOOLS",
                        help="which sites to write: a comma-separated subset of soteria,zola,hugo (default all)")
    parser.add_argument("--zola-version", default=DEFAULT_ZOLA_VERSION, metavar="X.Y",
                        help=f"the Zola the config is for; its highlighting keys changed in 0.22 (default {DEFAULT_ZOLA_VERSION})")
    args = parser.parse_args()
    generate(args.pages, args.translated, args.seed, args.out, args.tools, args.zola_version)


if __name__ == "__main__":
    main()

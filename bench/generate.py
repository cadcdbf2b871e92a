#!/usr/bin/env python3
"""Generates a benchmark corpus for Soteria: N Markdown pages across sections, a share of them
translated, with headings, lists, tables, code blocks and links between pages.

Deterministic: the same --pages, --translated and --seed always give byte-identical files.

    python3 bench/generate.py --pages 1000 --out /tmp/corpus
    cargo run --release -- build --root /tmp/corpus
"""

import argparse
import random
import shutil
from pathlib import Path

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


def generate(pages, translated, seed, out):
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    content = out / "content"
    content.mkdir(parents=True)
    (out / "site.yaml").write_text(
        "title: Benchmark corpus\nbase_url: https://example.org\ndefault_language: en\n"
        "languages:\n  en:\n    name: English\n  sv:\n    name: Svenska\n"
    )
    (content / "_index.md").write_text("---\ntitle: Benchmark corpus\n---\n\nThe home page.\n")
    for section in SECTIONS:
        (content / section).mkdir()
        kind = "news" if section == "news" else "guidance"
        (content / section / "_index.md").write_text(
            f"---\ntitle: {section.capitalize()}\ntype: {kind}\n---\n\nThe {section} section.\n"
        )

    def section_of(i):
        return SECTIONS[i % len(SECTIONS)]

    n_translated = int(pages * translated)
    for i in range(pages):
        section = section_of(i)
        date = f"20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        front = f"---\ntitle: \"{sentence(rng, WORDS, 3, 7)[:-1]} {i}\"\ndate: {date}\nweight: {i % 7}\n---\n\n"
        (content / section / f"page-{i}.md").write_text(front + body(rng, WORDS, i, pages, section_of))
        if i < n_translated:
            front = f"---\ntitle: \"{sentence(rng, SV_WORDS, 3, 7)[:-1]} {i}\"\ndate: {date}\n---\n\n"
            (content / section / f"page-{i}.sv.md").write_text(front + body(rng, SV_WORDS, i, pages, section_of))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--translated", type=float, default=0.5, help="share of pages with a Swedish translation")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    generate(args.pages, args.translated, args.seed, args.out)
    # The corpus uses the repository's default theme.
    theme = Path(__file__).resolve().parent.parent / "themes" / "default"
    shutil.copytree(theme, args.out / "themes" / "default")


if __name__ == "__main__":
    main()

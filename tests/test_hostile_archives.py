"""A property over whole archives made of hostile text: random articles whose titles, tags,
places, summaries, source addresses and bodies carry what attackers and careless editors
write (script addresses however encoded, raw HTML, control characters and surrogates as
YAML escapes, huge numbers, deep nesting). Each archive is built for real, in process.
The build may refuse it only with the project's own BuildFailed; when it builds, every
page's links are web addresses by the WHATWG rules, no script but the site's own runs,
every feed and sitemap parses as XML (and feeds as Atom, by feedparser), and every JSON
file parses strictly (no NaN).

The suite runs a short version; the long run is
    FUZZ_EXAMPLES=20000 python -m pytest tests/test_hostile_archives.py
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
from html.parser import HTMLParser
from xml.etree import ElementTree

import ada_url
import feedparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SITE_TOML, make_project
from test_fuzz import hostile_address, link_forms
from topicsite.config import load_config
from topicsite.errors import BuildFailed
from topicsite.pipeline import build

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
ARCHIVES = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Texts as YAML double-quoted scalars: escapes give control characters and lone surrogates.
escapes = st.sampled_from(["\\x01", "\\x0b", "\\x1b", "\\uD800", "\\uDFFF", "\\uFFFE", "\\0", "\\e", "\\u202E", "\\t"])
plain = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"\\'), max_size=30)
hostile_html = st.sampled_from(["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</title><svg onload=1>",
                                "]]>", "&lt;b&gt;", "&#0;", "&#xD800;", "{{ site }}", "{% raw %}", "' \" `"])
yaml_text = st.lists(st.one_of(plain, escapes, hostile_html), min_size=1, max_size=5).map(
    lambda parts: '"' + "".join(parts).replace('"', "'") + '"')
numbers = st.sampled_from(["9" * 5000, "1e999", "-0", ".nan", ".inf", "0x1F", "2018-02-30", "12/29"])
nesting = st.sampled_from(["[" * 3000 + "x", "*a " * 1500 + " b*" * 1500, "\n".join("    " * i + "- x" for i in range(300)),
                           ">" * 2000 + " q", "&amp;" * 3000, "`" * 5000, "<" * 3000])
body_piece = st.one_of(st.builds(lambda address, form: form.replace("{}", address.replace("\x00", "")), hostile_address,
                                  link_forms),
                       hostile_html, nesting, st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=80))


@st.composite
def hostile_article(draw, n: int) -> str:
    lines = ["---", f"title: {draw(yaml_text)}"]
    if draw(st.booleans()):
        lines.append(f"date: {draw(st.one_of(st.sampled_from(['2018-12-12', '2017', '2018-06']), numbers))}")
    if draw(st.booleans()):
        lines.append(f"tags: [{', '.join(draw(st.lists(yaml_text, max_size=3)))}]")
    if draw(st.booleans()):
        lines.append(f"locations: [{', '.join(draw(st.lists(st.one_of(yaml_text, st.just('Hajin')), max_size=2)))}]")
    if draw(st.booleans()):
        lines.append(f"summary: {draw(yaml_text)}")
    if draw(st.booleans()):
        address = draw(hostile_address).replace("\\", "\\\\").replace('"', "'")
        escaped = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in address)
        lines += ["source:", "  publisher: " + draw(yaml_text), f'  url: "{escaped}"']
    lines += ["---", "\n\n".join(draw(st.lists(body_piece, min_size=1, max_size=4)))]
    return "\n".join(lines) + "\n"


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.scripts, self.handlers = [], [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction") and value:
                self.links.append(value)
            if name.startswith("on"):
                self.handlers.append((tag, name))
        if tag == "script":
            self.scripts.append(dict(attrs).get("src") or dict(attrs).get("type"))


def check_site(site) -> None:
    for path in site.rglob("*"):
        if path.suffix == ".html":
            page = Page()
            page.feed(path.read_text(encoding="utf-8"))
            assert not page.handlers, (path, page.handlers)
            for link in page.links:
                assert ada_url.URL(link, "https://example.org/archive/").protocol in ("http:", "https:", "mailto:"), (path, link)
            for script in page.scripts:  # the site's own files, or JSON-LD data
                assert script and (script.startswith("/archive/") or script == "application/ld+json"), (path, script)
        elif path.suffix == ".xml":
            root = ElementTree.parse(path).getroot()
            if path.name == "feed.xml":
                assert not feedparser.parse(path.read_bytes()).bozo, path
                for content in root.iter("{http://www.w3.org/2005/Atom}content"):
                    check_html_fragment(content.text or "", path)
        elif path.suffix in (".json", ".geojson"):
            json.loads(path.read_text(encoding="utf-8"), parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))


def check_html_fragment(html: str, where) -> None:
    page = Page()
    page.feed(html)
    assert not page.handlers and not page.scripts, where
    for link in page.links:
        assert ada_url.URL(link, "https://example.org/archive/").protocol in ("http:", "https:", "mailto:"), (where, link)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """One project for every example (its gazetteer read once); each example writes its own
    content/ and builds a fresh site."""
    root = make_project(tmp_path_factory.mktemp("archive"), {}, SITE_TOML)
    return root, dataclasses.replace(load_config(root), search=False)


@ARCHIVES
@given(articles=st.lists(st.integers(0, 3), min_size=1, max_size=3).flatmap(
    lambda shape: st.tuples(*[hostile_article(n) for n in range(len(shape))])))
def test_any_hostile_archive_builds_safe_valid_files_or_is_refused_clearly(archive, articles):
    root, config = archive
    for folder in ("content", "_site", "._site.staging"):
        shutil.rmtree(root / folder, ignore_errors=True)
    (root / "content").mkdir()
    for n, text in enumerate(articles):
        (root / "content" / f"a{n}.md").write_text(text, encoding="utf-8", errors="surrogatepass")  # bytes no UTF-8 allows, too
    try:
        build(config, use_cache=False, run_import=False)
    except BuildFailed as failure:
        assert failure.problems and all(p.path.startswith("content/") for p in failure.problems), failure.problems
        return
    check_site(root / "_site")

"""Hostile input, second round: addresses that hide a script scheme, links out of the project,
Markdown made to stall or crash the converter, values Python or XML cannot carry, and
settings that would change the Content-Security-Policy. Each case through the real command
line: its exact message (file and line), no traceback, and for every error the previous
site byte-for-byte as it was."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import ada_url
import feedparser
import pytest

from conftest import REPO, SITE_TOML, article, run_build, tree_digest

GOOD = {"content/good.md": article("Good report", date="2018-12-12", tags="[SDF]", locations="[Hajin]")}
DEEP = "\n".join(f'[[place]]\nname = "P{i}"' + (f'\nparent = "P{i - 1}"' if i else "") for i in range(3000)) + "\n"
SCHEMES = "[only http, https and mailto are] — link to an http or https address, or remove the link"


def write(root: Path, files: dict) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", errors="surrogatepass")


# name: (files, the exact lines on stderr before the summary)
ERRORS = {
    "a number 5,000 digits long": ({"content/bad.md": "---\ntitle: T\ndate: " + "9" * 5000 + "\n---\nx\n"}, [
        "content/bad.md:3: error: the front matter holds a number thousands of digits long "
        "— shorten it, or put it in quotes if it is text"]),
    "a key written twice": ({"content/bad.md": "---\ntitle: T\ndate: 2018\ntitle: [x]\n---\nx\n"}, [
        "content/bad.md:4: error: 'title' is written twice (first on line 2) — keep one of them"]),
    "an id too long for a file name": ({"content/bad.md": "---\ntitle: T\nid: " + "a" * 300 + "\n---\nx\n"}, [
        "content/bad.md:3: error: 'id' has 300 characters; an id may have at most 100 — write a shorter id"]),
    "a tag too long for a file name": ({"content/bad.md": article("T", tags="[" + "b" * 300 + "]")}, [
        "content/bad.md:3: error: the name 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb…' is too long for a page of its "
        "own; a name may have at most 100 letters — shorten it"]),
    "a latitude that is a word": ({"gazetteer.toml": '[[place]]\nname = "Xa"\nlat = "north"\nlon = 1.0\n'}, [
        "gazetteer.toml:3: error: 'lat' of 'Xa' is 'north' — write a number of degrees between -90 and 90: lat = 34.69"]),
    "a coordinate that is not a number": ({"gazetteer.toml": '[[place]]\nname = "Xa"\nlat = nan\nlon = inf\n'}, [
        "gazetteer.toml:3: error: 'lat' of 'Xa' is nan — write a number of degrees between -90 and 90: lat = 34.69",
        "gazetteer.toml:4: error: 'lon' of 'Xa' is inf — write a number of degrees between -180 and 180: lon = 40.83"]),
    "a parent that is a list": ({"gazetteer.toml": '[[place]]\nname = "Xa"\nparent = ["a"]\n'}, [
        "gazetteer.toml:3: error: 'parent' of 'Xa' is ['a'] — write the name of another place: "
        "parent = \"Deir ez-Zor Governorate\""]),
    "aliases that are a number": ({"gazetteer.toml": '[[place]]\nname = "Xa"\naliases = 5\n'}, [
        "gazetteer.toml:3: error: 'aliases' of 'Xa' is 5 — write a list of texts: aliases = [\"Hajjin\", \"Hajeen\"]"]),
    "a parent chain 3,000 deep": ({"gazetteer.toml": DEEP}, [
        "gazetteer.toml:36: error: 'P12' lies 13 places deep (inside 'P11', inside …); a place may be at most 12 deep "
        "— give it the parent it really lies in, such as its district or province"]),
    "a tag that is a value, not a block": ({"taxonomy.toml": 'tag = "x"\n'}, [
        "taxonomy.toml:1: error: 'tag' must be [[tag]] blocks, not a value "
        "— write [[tag]] on a line of its own, then name = \"...\" under it"]),
    "an escaped control character in a TOML text": ({"taxonomy.toml": '[[tag]]\nname = "S\\u0001DF"\n'}, [
        "taxonomy.toml:2: error: a text holds an escaped control code or incomplete character, which pages "
        "and feeds cannot carry — remove the escape (such as \\u0001) from the text"]),
    "map tiles that would extend the security policy": ({"site.toml": SITE_TOML + 'map_tiles = "https://a.org/{z}/{x}/{y}.png; '
                                                         'script-src *"\n'}, [
        "site.toml:6: error: map_tiles 'https://a.org/{z}/{x}/{y}.png; script-src *' holds ';', which no address may "
        "— write a full https:// address with {z}, {x} and {y} in it"]),
    "map tiles with a second address": ({"site.toml": SITE_TOML + 'map_tiles = "https://a.org/{z}/{x}/{y}.png https://evil.example"\n'}, [
        "site.toml:6: error: map_tiles 'https://a.org/{z}/{x}/{y}.png https://evil.example' holds ' ', which no address "
        "may — write a full https:// address with {z}, {x} and {y} in it"]),
    "a base URL with a quote": ({"site.toml": SITE_TOML.replace("https://example.org/archive/", "https://example.org/a'b/")}, [
        "site.toml:3: error: base_url 'https://example.org/a'b/' holds \"'\", which no address may "
        "— write it with its scheme, like https://user.github.io/repo/"]),
    "a cname that is not a domain": ({"site.toml": SITE_TOML + 'cname = "archive.example.org/x y"\n'}, [
        "site.toml:6: error: cname 'archive.example.org/x y' is not a domain name "
        "— write the domain alone, like cname = \"archive.example.org\""]),
}


@pytest.mark.parametrize("case", ERRORS)
def test_hostile_input_is_an_error_naming_file_and_line_and_nothing_is_lost(project, case):
    files, expected = ERRORS[case]
    root = project(GOOD)
    assert run_build(root).returncode == 0
    before = tree_digest(root / "_site")
    write(root, files)
    result = run_build(root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.rstrip("\n").split("\n")
    assert lines[:-1] == expected
    assert lines[-1].startswith("Build failed:")
    assert tree_digest(root / "_site") == before


@pytest.mark.parametrize("folder", ["static", "layouts", "seeds", "content"])
def test_a_link_out_of_the_project_is_refused_and_nothing_is_published(project, tmp_path, folder):
    root = project(GOOD)
    assert run_build(root).returncode == 0
    before = tree_digest(root / "_site")
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:secret\n")
    (root / folder).mkdir(exist_ok=True)
    (root / folder / "x.md" if folder == "content" else root / folder / "x.txt").symlink_to(secret)
    result = run_build(root)
    name = "x.md" if folder == "content" else "x.txt"
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.split("\n")[0] == (f"{folder}/{name}: error: this is a link to {secret}, outside the project, "
                                            "which is never published — copy the file into the project, or remove the link")
    assert tree_digest(root / "_site") == before


def test_a_link_to_a_file_inside_the_project_is_read_as_that_file(project):
    root = project(GOOD)
    (root / "notes.txt").write_text("shared notes\n")
    (root / "static" / "notes.txt").symlink_to(root / "notes.txt")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    assert (root / "_site" / "assets" / "notes.txt").read_text() == "shared notes\n"


class Links(HTMLParser):
    """Every href and src as a browser's HTML parser reads it (character references decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found += [value for name, value in attrs if name in ("href", "src") and value]


def live_schemes(html: str) -> set[str]:
    links = Links()
    links.feed(html)
    return {ada_url.URL(href, "https://example.org/archive/").protocol for href in links.found}


def test_encoded_script_addresses_become_text_with_a_warning_everywhere(project):
    body = ("One [a](javascript&#58;alert(1)) two [b](javascript&colon;alert(2)).\n\n"
            "Three [c](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(3)) "
            "four ![d](java&#x09;script:alert(4)) five [e](https://example.org/ok?a=1&b=2).\n")
    text = article("Links", date="2018-12-12", body=body).replace(
        "date: 2018-12-12", "date: 2018-12-12\nsource:\n  publisher: Site\n  url: \"JaVa&#x0A;ScRiPt:alert(5)\"")
    root = project({"content/links.md": text})
    result = run_build(root)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert result.stderr.split("\n")[:5] == [
        "content/links.md:4: warning: the source url is not linked: 'javascript:' addresses are never linked "
        "(only http, https and mailto are) — write the report's http or https address",
        f"content/links.md:9: warning: the link to 'javascript&#58;alert(1' is shown as text: 'javascript:' addresses "
        f"are never linked {SCHEMES}".replace("[", "(").replace("]", ")"),
        f"content/links.md:9: warning: the link to 'javascript&colon;alert(2' is shown as text: 'javascript:' "
        f"addresses are never linked {SCHEMES}".replace("[", "(").replace("]", ")"),
        f"content/links.md:11: warning: the link to '&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x7…' "
        f"is shown as text: 'javascript:' addresses are never linked {SCHEMES}".replace("[", "(").replace("]", ")"),
        f"content/links.md:11: warning: the link to 'java&#x09;script:alert(4' is shown as text: 'javascript:' "
        f"addresses are never linked {SCHEMES}".replace("[", "(").replace("]", ")")]
    page = (root / "_site" / "articles" / "links" / "index.html").read_text()
    feed = (root / "_site" / "feed.xml").read_text()
    content = ElementTree.fromstring(feed).find(".//{http://www.w3.org/2005/Atom}content").text
    for html in (page, content):
        assert live_schemes(html) <= {"https:"}
        assert "example.org/ok?a=1&amp;b=2" in html
    assert "<span>a</span>" in page and "<span>d</span>" in page and "Site" in page


def test_the_catalogue_may_not_give_a_script_address(project):
    root = project(GOOD)
    assert run_build(root).returncode == 0
    before = tree_digest(root / "_site")
    write(root, {"seeds/report.txt": "Fighting near Hajin\n\nSDF fighters entered Hajin on Tuesday.\n",
                 "seeds/catalogue.toml": '["report.txt"]\nurl = "data:text/html,<script>alert(1)</script>"\n'})
    result = run_build(root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.split("\n")[0] == (
        "seeds/catalogue.toml:1: error: the url for report.txt is not a web address: 'data:' addresses are never "
        "linked (only http, https and mailto are) — write the report's http or https address, or leave the url out")
    assert tree_digest(root / "_site") == before and not (root / "content" / "fighting-near-hajin.md").exists()


def test_characters_xml_forbids_are_left_out_and_every_output_parses(project):
    text = ('---\ntitle: "Before \\uD800 \\x01 after"\ndate: 2018-12-12\nsummary: "s\\x0bx"\ntags: ["Caf\\u00e9", "T\\x02"]\n'
            "locations: [Hajin]\n---\nBody \x01 with \x1b[31m escapes, &#1; references &#xD800; and &#x41;.\n")
    root = project({"content/x.md": text, "content/y.md": article("Second", tags="[Cafe\u0301]")})
    result = run_build(root)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert result.stderr.split("\n")[:4] == [
        "content/x.md:8: warning: the file holds the invisible character '\\x01', which pages and feeds cannot carry; "
        "it was left out — delete it in your editor",
        "content/x.md:2: warning: 'title' holds an invisible character (a control code or an incomplete "
        "character), which pages and feeds cannot carry; it was left out — remove the escape (such as \\x01 or \\uD800) "
        "from the value",
        "content/x.md:4: warning: 'summary' holds an invisible character (a control code or an incomplete "
        "character), which pages and feeds cannot carry; it was left out — remove the escape (such as \\x01 or \\uD800) "
        "from the value",
        "content/x.md:5: warning: 'tags' holds an invisible character (a control code or an incomplete "
        "character), which pages and feeds cannot carry; it was left out — remove the escape (such as \\x01 or \\uD800) "
        "from the value"]
    site = root / "_site"
    for path in site.rglob("*.xml"):
        ElementTree.parse(path)
        if path.name == "feed.xml":
            assert not feedparser.parse(path.read_bytes()).bozo, path
    strict = lambda constant: pytest.fail(f"{constant} in JSON")  # noqa: E731
    for path in [*site.glob("*.json"), *site.glob("*.geojson")]:
        json.loads(path.read_text(encoding="utf-8"), parse_constant=strict)
    page = (site / "articles" / "x" / "index.html").read_bytes().decode("utf-8")
    assert re.search(r"Before +after", page) and "\x01" not in page and "&#1;" not in page and "&#x41;" in page
    assert sorted(p.name for p in (site / "tags").iterdir() if p.is_dir()) == ["cafe", "sdf", "t"] or \
        len([p for p in (site / "tags").iterdir() if p.name == "cafe"]) == 1  # one Café, however its é was typed


WORST = "[" * 500_000 + "x" + "]" * 500_000  # the worst shape measured: nested brackets, cubic time


def test_a_megabyte_of_nested_brackets_is_shown_as_text_with_a_warning(project):
    root = project({"content/deep.md": article("Deep", date="2018-12-12", body=WORST)})
    started = time.monotonic()
    result = run_build(root, "--no-search")
    took = time.monotonic() - started
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.split("\n")[0] == (
        "content/deep.md:6: warning: this paragraph is shown as plain text: 1,000,000 marks of Markdown in one "
        "paragraph of 1,000,001 characters, more than Markdown can convert in good time "
        "— split it, or remove the markup it does not need")
    assert "[[[[x]]]]" in (root / "_site" / "articles" / "deep" / "index.html").read_text()  # as typed
    print(f"a 1 MB body of nested brackets: built in {took:.1f} s")  # a figure for the README, not an assertion


def test_emphasis_and_lists_too_deep_for_the_stack_build_with_a_warning(project):
    emphasis = "*a " * 2000 + " b*" * 2000
    lists = "\n".join("    " * i + "- x" for i in range(400))
    root = project({"content/e.md": article("E", body=emphasis), "content/l.md": article("L", body=lists)})
    result = run_build(root, "--no-search")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert [line.split(": warning: ")[0] for line in result.stderr.split("\n")[:2]] == ["content/e.md:5", "content/l.md:5"]
    assert "*a *a" in (root / "_site" / "articles" / "e" / "index.html").read_text()


@pytest.mark.parametrize("damage", ["a folder", "rows of another shape"])
def test_a_damaged_cache_is_rebuilt_silently(project, damage):
    root = project(GOOD)
    assert run_build(root).returncode == 0
    first = tree_digest(root / "_site")
    if damage == "a folder":
        for name in os.listdir(root / ".cache" / "build"):
            if name.startswith("cache.sqlite"):
                os.remove(root / ".cache" / "build" / name)
        (root / ".cache" / "build" / "cache.sqlite").mkdir()
    else:
        kept = root / ".cache" / "build" / "geonames.json"
        stored = json.loads(kept.read_text())
        kept.write_text(json.dumps({"stamp": stored["stamp"], "places": [[1, "Hajin", 5, "north", None]] * 3}))
    result = run_build(root)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert tree_digest(root / "_site") == first


def test_toml_with_a_byte_order_mark_and_countries_left_empty_build(project):
    root = project(GOOD, SITE_TOML + "countries = []\n")
    (root / "taxonomy.toml").write_text("\ufeff" + (REPO / "taxonomy.toml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert (root / "_site" / "places" / "hajin" / "index.html").is_file()


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_sigterm_stops_the_build_and_its_workers_and_keeps_the_old_site(project):
    files = {f"content/a{n:03d}.md": article(f"Report {n}", date=f"2018-{n % 12 + 1:02d}-01", tags="[SDF]",
                                              body="Text *about* Hajin. " * 400) for n in range(400)}
    root = project(files)
    assert run_build(root).returncode == 0
    before = tree_digest(root / "_site")
    for path in (root / "content").glob("*.md"):
        path.write_text(path.read_text() + "\nA later line.\n")
    build = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--no-cache", "--config", str(root / "site.toml")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    while build.poll() is None and len(children(build.pid)) < 2:
        time.sleep(0.05)  # until the workers are rendering pages
    build.send_signal(signal.SIGTERM)
    out, err = build.communicate(timeout=60)
    assert build.returncode == 143 and "Traceback" not in err and "BrokenPipe" not in err, err
    assert err.strip().endswith("Interrupted. The previous output was left as it was.")
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):  # no worker left behind in the build's process group
        os.killpg(build.pid, 0)
    assert tree_digest(root / "_site") == before
    assert run_build(root).returncode == 0  # and the next build needs no cleaning up

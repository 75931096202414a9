"""Hostile and broken input, one case each, through the real command line: the exact message
(file and line), exit code 1 for errors or a warning where the build can go on, no traceback,
and for every error the previous output left byte-for-byte as it was."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SITE_TOML, article, run_build, tree_digest

GOOD = {"content/good.md": article("Good report", date="2018-12-12", tags="[SDF]", locations="[Hajin]")}
BOMB = "---\ntitle: Bomb\na: &a [lol, lol, lol]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c, *c]\n---\nx\n"

# name: (files to add: text or bytes, site.toml or None, the exact lines on stderr before the summary)
ERRORS = {
    "malformed YAML": ({"content/bad.md": "---\ntitle: 'Unclosed\n---\nx\n"}, None, [
        "content/bad.md:2: error: the front matter is not valid YAML: the quote opened here is not closed "
        "— end the text with the same quote mark it starts with"]),
    "an unclosed bracket": ({"content/bad.md": "---\ntitle: T\ndate: 2018\ntags: [SDF, Hajin\nlocations: [Hajin]\n---\nx\n"}, None, [
        "content/bad.md:4: error: the front matter is not valid YAML: the '[' opened here is not closed "
        "— end the list with ']' on the same line, like tags: [SDF, Hajin]"]),
    "YAML bomb": ({"content/bad.md": BOMB}, None, [
        "content/bad.md:4: error: the front matter is not valid YAML: aliases (*name) are not allowed in front matter "
        "— check quotes and indentation; put a value with ':' or '#' in quotes"]),
    "a list where a text belongs": ({"content/bad.md": "---\ntitle: [Hajin, Baghuz]\n---\nx\n"}, None, [
        "content/bad.md:2: error: 'title' must be text, not a list — write title: followed by the headline (text, required)"]),
    "NO, yes and on as keys and values": ({"content/bad.md": "---\ntitle: T\nNO: 1\ndraft: yes\n---\nx\n"}, None, [
        "content/bad.md:3: error: unknown front-matter field 'NO' — known fields: title, id, date, date_basis, "
        "date_window, date_note, locations, tags, summary, draft, title_inferred, source, aliases, imported",
        "content/bad.md:4: error: 'draft' must be true or false — write draft: true or draft: false"]),
    "an impossible day": ({"content/bad.md": "---\ntitle: T\ndate: 2018-02-30\n---\nx\n"}, None, [
        "content/bad.md:3: error: impossible date: '2018-02-30' is not a real day: February 2018 has 28 days "
        "— write the date as YYYY, YYYY-MM or YYYY-MM-DD"]),
    "a date without a year": ({"content/bad.md": "---\ntitle: T\ndate: 12/29\n---\nx\n"}, None, [
        "content/bad.md:3: error: impossible date: '12/29' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD "
        "— write the date as YYYY, YYYY-MM or YYYY-MM-DD"]),
    "an empty file": ({"content/bad.md": ""}, None, [
        "content/bad.md:1: error: the file has no front matter — start it with a line '---', then 'title: ...', "
        "then another '---'"]),
    "a binary file named .md": ({"content/bad.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, None, [
        "content/bad.md: error: this is not a text file — content/ may only hold Markdown text files"]),
    "text in no encoding": ({"content/bad.md": b"---\ntitle: T\n---\n\x81\x8d\xff\n"}, None, [
        "content/bad.md:4: error: the file is not UTF-8 text, nor any encoding it could safely be read as "
        "— save it as UTF-8 in your editor"]),
    "a 50 MB article": ({"content/bad.md": "---\ntitle: Huge\n---\n" + "word " * 10_000_000}, None, [
        "content/bad.md: error: the file is 50 MB; an article may be at most 5 MB — split it, or move data out of content/"]),
    "10,000 tags on one article": ({"content/bad.md": "---\ntitle: T\ntags: [" + ", ".join(f"t{n}" for n in range(10_000))
                                    + "]\n---\nx\n"}, None, [
        "content/bad.md:3: error: 'tags' lists 10000 names; an article may have at most 100 "
        "— keep the ones the article is really about"]),
    "an id that climbs out of the site": ({"content/bad.md": "---\ntitle: T\nid: ../../etc/passwd\n---\nx\n"}, None, [
        "content/bad.md:3: error: 'id' must be lower-case letters, digits and hyphens, not '../../etc/passwd' "
        "— write id: etc-passwd"]),
    "an absolute id": ({"content/bad.md": "---\ntitle: T\nid: /var/www\n---\nx\n"}, None, [
        "content/bad.md:3: error: 'id' must be lower-case letters, digits and hyphens, not '/var/www' — write id: var-www"]),
    "output_dir is the project": ({}, SITE_TOML + 'output_dir = "."\n', ["site.toml:6: error: output_dir '{root}' "
                                   "would replace a folder the build did not create — choose a folder of its own, such as \"_site\""]),
    "output_dir is /": ({}, SITE_TOML + 'output_dir = "/"\n', [
        "site.toml:6: error: output_dir '/' would replace a folder the build did not create — choose a folder of its own, "
        "such as \"_site\""]),
    "output_dir is the home folder": ({}, SITE_TOML + f'output_dir = "{Path.home()}"\n', [
        f"site.toml:6: error: output_dir '{Path.home().resolve()}' would replace a folder the build did not create "
        "— choose a folder of its own, such as \"_site\""]),
    "output_dir is content/": ({}, SITE_TOML + 'output_dir = "content"\n', [
        "site.toml:6: error: output_dir '{root}/content' would replace a folder the build did not create "
        "— choose a folder of its own, such as \"_site\""]),
    "a base URL without a scheme": ({}, SITE_TOML.replace("https://example.org/archive/", "example.org/archive/"), [
        "site.toml:3: error: base_url 'example.org/archive/' is not a full web address "
        "— write it with its scheme, like https://user.github.io/repo/"]),
}


def write(root: Path, files: dict) -> None:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)


@pytest.mark.parametrize("case", ERRORS)
def test_bad_input_is_an_error_and_nothing_is_lost(project, case):
    files, site_toml, expected = ERRORS[case]
    root = project(GOOD)
    assert run_build(root).returncode == 0
    before, sources = tree_digest(root / "_site"), tree_digest(root / "content")
    write(root, files)
    if site_toml:
        (root / "site.toml").write_text(site_toml)
    sources = tree_digest(root / "content")
    result = run_build(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.rstrip("\n").split("\n")
    assert lines[:-1] == [line.replace("{root}", str(root.resolve())) for line in expected]
    assert lines[-1].startswith("Build failed:")
    assert tree_digest(root / "_site") == before
    assert tree_digest(root / "content") == sources  # the editor's files are never touched


def test_text_in_windows_1252_or_latin_1_is_read_with_a_warning(project):
    root = project({})
    write(root, {"content/cp1252.md": "---\ntitle: \u201cCaf\u00e9\u201d in Hajin\n---\nText\n".encode("cp1252"),
                 "content/latin1.md": "---\ntitle: Deir ez-Zor \u00e0 l'aube\n---\nText\n".encode("latin-1")})
    result = run_build(root)
    assert result.returncode == 0
    assert result.stderr.split("\n")[:2] == [
        "content/cp1252.md:2: warning: the file is not UTF-8; it was read as Windows-1252 (Latin-1) "
        "— check its accented letters, then save it as UTF-8",
        "content/latin1.md:2: warning: the file is not UTF-8; it was read as Windows-1252 (Latin-1) "
        "— check its accented letters, then save it as UTF-8"]
    assert "<h1 data-pagefind-meta=\"title\">\u201cCaf\u00e9\u201d in Hajin</h1>" in \
        (root / "_site" / "articles" / "cp1252" / "index.html").read_text()
    assert "Deir ez-Zor \u00e0 l&#39;aube" in (root / "_site" / "articles" / "latin1" / "index.html").read_text()


def test_a_byte_order_mark_and_windows_line_endings_are_read_silently(project):
    root = project({})
    write(root, {"content/bom.md": "\ufeff---\r\ntitle: Caf\u00e9\r\ndate: 2018\r\n---\r\nLine one\r\n".encode("utf-8")})
    result = run_build(root)
    assert result.returncode == 0 and result.stderr == ""
    assert "Caf\u00e9" in (root / "_site" / "articles" / "bom" / "index.html").read_text()


def test_a_file_with_only_front_matter_builds_with_a_warning(project):
    root = project({"content/empty.md": "---\ntitle: Only a title\ndate: 2018\n---\n"})
    result = run_build(root)
    assert result.returncode == 0
    assert result.stderr.strip() == ("content/empty.md:4: warning: the article has no text after its front matter "
                                     "— write the article below the closing '---'")


def test_script_in_title_and_tag_and_unsafe_links_never_become_live(project):
    body = "See [this](javascript:alert(1)), [that](data:text/html,<script>alert(1)</script>) and <script>alert(2)</script>."
    root = project({"content/x.md": article("'<script>alert(1)</script>'", tags="['<img src=x onerror=alert(1)>']",
                                            body=body)})
    assert run_build(root).returncode == 0
    for path in (root / "_site").rglob("*.html"):
        text = path.read_text()
        assert "<script>alert" not in text and "<img src=x" not in text and 'href="javascript:' not in text
        assert 'href="data:' not in text
    page = (root / "_site" / "articles" / "x" / "index.html").read_text()
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page and "See <span>this</span>, <span>that</span>" in page


def test_a_loop_of_links_in_content_is_not_followed(project):
    root = project(GOOD)
    (root / "content" / "loop").symlink_to(root / "content")
    result = run_build(root)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert (root / "_site" / "articles" / "good" / "index.html").is_file()

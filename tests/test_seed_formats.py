"""Seeds as archivists keep them: saved web pages, web archives (WARC, WACZ) and PDF reports,
imported by `python build.py import` and built into the site. The fixtures and what each
holds (tests/fixtures/seeds/labels.json) were made for these tests."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import frontmatter
import pytest

from conftest import REPO, SITE_TOML, make_project, run_build

FIXTURES = Path(__file__).parent / "fixtures" / "seeds"
LABELS = json.loads((FIXTURES / "labels.json").read_text())
ARTICLES = LABELS["articles"]
# How each outlet's page gives its date, as the article's date note names it.
EVIDENCE = {"article:published_time": "the page's metadata (article:published_time)",
            "json-ld": "the page's metadata (JSON-LD datePublished)",
            "time": "the page's metadata (the page's <time> element)",
            "printed byline": "the date printed on the page",
            "pdf metadata": "the PDF's document information (CreationDate)"}


def project_with(tmp_path: Path, *seeds: str, site_toml: str = SITE_TOML) -> Path:
    root = make_project(tmp_path / "site", {}, site_toml)
    (root / "seeds").mkdir()
    for name in seeds:
        source = FIXTURES / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / "seeds" / Path(name).name)
    return root


def run_import(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), "import", "--config", str(root / "site.toml")],
                          capture_output=True, text=True, cwd=root)


def articles(root: Path) -> dict[str, frontmatter.Post]:
    """Imported articles by the page they came from: a capture's address, or the seed's name."""
    found = {}
    for path in sorted((root / "content").glob("*.md")):
        post = frontmatter.load(path)
        post.metadata["file"] = path.name
        source = post["source"]
        found[source["url"] if source.get("captured") else source["seed"]] = post
    return found


def paragraphs(body: str) -> list[str]:
    """The body's paragraphs as a reader sees their text: links as their words, no escapes."""
    text = re.sub(r"\[([^\]]*)\]\(<[^>]*>\)", r"\1", body)
    text = re.sub(r"\\(.)", r"\1", text).replace("&amp;", "&").replace("&lt;", "<")
    return [p for p in text.split("\n\n") if p.strip() and not p.startswith("#")]


def normal(text: str) -> str:
    return " ".join(text.split())


def assert_read_as_labelled(post: frontmatter.Post, label: dict) -> None:
    assert post["title"] == label["headline"]
    assert post["date"] == label["date"] and post["date_basis"] == "printed"
    assert post["date_note"] == f"Read from {EVIDENCE[label['date_source']]}."
    source = post["source"]
    if label.get("canonical_url"):
        assert source["url"] == label.get("url", label["canonical_url"])
    assert source["publisher"] == label["publisher"]
    body = paragraphs(post.content)
    assert normal(body[0]) == normal(label["first_body_line"])
    assert normal(body[-1]) == normal(label["last_body_line"])
    for line in label["not_in_body"]:  # comments, related links, share bars, footers, running heads
        assert line not in post.content, line
    assert "Hajin" in post["locations"] or "Hajin" not in label["places"]
    assert ("SDF" in post["tags"]) == ("SDF" in label["actors"] or "Syrian Democratic Forces" in label["actors"])


@pytest.fixture(scope="module")
def saved_pages(tmp_path_factory):
    root = project_with(tmp_path_factory.mktemp("html"), "html", "saved/report.html", "saved/report_files")
    for page in (root / "seeds" / "html").iterdir():
        page.rename(root / "seeds" / page.name)
    (root / "seeds" / "html").rmdir()
    result = run_import(root)
    assert result.returncode == 0, result.stderr
    return root, result


HTML_LABELS = [a for a in ARTICLES if a["fixture_type"] in ("html", "saved", "singlefile")]


@pytest.mark.parametrize("label", HTML_LABELS, ids=[Path(a["file"]).stem[:40] for a in HTML_LABELS])
def test_a_saved_page_gives_headline_date_source_and_body(saved_pages, label):
    root, _ = saved_pages
    post = articles(root)[Path(label["file"]).name]
    assert_read_as_labelled(post, label)
    assert post["source"].get("author", "") == (label["author"] if label["date_source"] != "printed byline" else "")


def test_the_five_outlets_give_their_dates_five_ways_and_each_is_read(saved_pages):
    root, result = saved_pages
    found = articles(root)
    notes = {found[Path(a["file"]).name]["date_note"] for a in HTML_LABELS}
    assert notes == {f"Read from {e}." for k, e in EVIDENCE.items() if k != "pdf metadata"}
    assert f"Import: {len(HTML_LABELS)} created, 0 re-imported, 0 unchanged" in result.stdout


@pytest.fixture(scope="module")
def wacz(tmp_path_factory):
    root = project_with(tmp_path_factory.mktemp("wacz"), "wacz/site.wacz")
    result = run_import(root)
    assert result.returncode == 0, result.stderr
    return root, result


WACZ_LABELS = [a for a in ARTICLES if a["fixture_type"] == "wacz"]


def test_a_wacz_of_50_pages_gives_its_40_articles_and_names_what_it_skipped(wacz):
    root, result = wacz
    assert len(WACZ_LABELS) == 40 and len(LABELS["non_articles"]) >= 10
    assert len(articles(root)) == 40
    assert ("seeds/site.wacz: 10 records skipped, not articles: 5 pages that are not articles (lists, tags, home and "
            "search pages), 2 images, 1 JSON file, 1 script, 1 stylesheet") in result.stdout.split("\n")
    assert "Import: 40 created, 0 re-imported, 0 unchanged, 0 warnings" in result.stdout


@pytest.mark.parametrize("label", WACZ_LABELS[::4], ids=[Path(a["url"]).name[:40] for a in WACZ_LABELS[::4]])
def test_a_capture_gives_its_address_and_capture_time_as_provenance(wacz, label):
    root, _ = wacz
    post = articles(root)[label["url"]]
    assert_read_as_labelled(post, label)
    source = post["source"]
    assert source["url"] == label["url"] and source["captured"] == label["warc_date"]
    assert source["seed"] == "site.wacz" and re.fullmatch(r"<urn:uuid:[0-9a-f-]{36}>", source["record"])


@pytest.mark.parametrize("name", ["warc/captures.warc.gz", "warc/captures.warc"])
def test_a_warc_gives_the_latest_capture_of_each_page(tmp_path, name):
    root = project_with(tmp_path, name)
    result = run_import(root)
    assert result.returncode == 0, result.stderr
    found = articles(root)
    labels = {a["url"]: a for a in ARTICLES if a["fixture_type"] == "warc"}  # the latest capture of each
    assert sorted(found) == sorted(labels) and len(found) == 12
    for url, label in labels.items():
        assert_read_as_labelled(found[url], label)
        assert found[url]["source"]["captured"] == label["warc_date"]
    updated = next(label for label in labels.values() if label["last_body_line"].startswith("Update, 18 December 2018:"))
    assert updated["warc_date"] == "2019-01-09T10:00:00Z"
    assert (f"seeds/{Path(name).name}: 3 records skipped, not articles: 1 earlier capture of a page captured again, "
            "1 image, 1 redirect") in result.stdout.split("\n")


def test_a_new_capture_replaces_no_article_an_editor_edited(tmp_path):
    root = project_with(tmp_path, "warc/captures.warc.gz")
    assert run_import(root).returncode == 0
    before = articles(root)
    # The page the WARC captured twice; the WACZ captured it again later, without its update.
    [edited_url] = [u for u, post in before.items() if "Update, 18 December 2018:" in post.content]
    edited = root / "content" / before[edited_url]["file"]
    edited.write_text(edited.read_text() + "\nAn editor's note on this report.\n")
    shutil.copy(FIXTURES / "wacz" / "site.wacz", root / "seeds")
    result = run_import(root)
    assert result.returncode == 0, result.stderr
    after = articles(root)
    assert after[edited_url].content.endswith("An editor's note on this report.")  # untouched by the newer capture
    assert "Update, 18 December 2018:" in after[edited_url].content
    assert (f"seeds/site.wacz, {edited_url}: warning: a new capture of the page changed, but content/{edited.name} was "
            f"edited, so it was not re-imported — merge the change by hand, or delete content/{edited.name} to import "
            "the seed afresh") in result.stderr.split("\n")
    # The other pages the WARC held are the same in the WACZ: kept as they were; the rest are new.
    assert all(after[url]["file"] == post["file"] for url, post in before.items())
    assert len(after) == 40
    assert result.stdout.strip().split("\n")[-1] == "Import: 28 created, 0 re-imported, 11 unchanged, 1 warnings"


def test_an_unchanged_web_archive_is_not_read_again(tmp_path):
    root = project_with(tmp_path, "wacz/site.wacz")
    assert run_import(root).returncode == 0
    again = run_import(root)
    assert again.stdout.strip().split("\n") == ["Import: 0 created, 0 re-imported, 40 unchanged, 0 warnings"]
    victim = sorted((root / "content").glob("*.md"))[0]
    victim.unlink()  # an article deleted: its archive is read again, and the article comes back
    assert run_import(root).stdout.strip().split("\n")[-1] == "Import: 1 created, 0 re-imported, 39 unchanged, 0 warnings"
    assert victim.exists()


def test_a_pdf_report_keeps_its_pages_and_a_scan_gets_a_warning(tmp_path):
    root = project_with(tmp_path, "pdf/report.pdf", "pdf/scanned.pdf")
    result = run_import(root)
    assert result.returncode == 0, result.stderr
    [label] = [a for a in ARTICLES if a["fixture_type"] == "pdf"]
    found = articles(root)
    assert sorted(found) == ["report.pdf"]
    post = found["report.pdf"]
    assert post["title"] == label["headline"] and post["date"] == label["date"] and post["date_basis"] == "printed"
    assert post["date_note"] == "Read from the PDF's document information (CreationDate)."
    assert [h for h in post.content.split("\n") if h.startswith("## ")] == ["## Page 1", "## Page 2", "## Page 3",
                                                                             "## Page 4"]
    assert "### 1. Background" in post.content.replace("\\", "") and "### 2. Displacement" in post.content.replace("\\", "")
    for line in label["not_in_body"]:
        assert line not in post.content, line
    assert ("seeds/scanned.pdf: warning: the PDF has no text layer (it is a scan), so no article was made — run it "
            "through OCR (for example ocrmypdf) and put the result in seeds/") in result.stderr.split("\n")
    assert run_build(root).returncode == 0
    page = (root / "_site" / "articles" / post["id"] / "index.html").read_text()
    assert '<h2 id="page-3">Page 3</h2>' in page  # citable as …/#page-3


HOSTILE = [a for a in ARTICLES if a["fixture_type"] == "html" and a["hostile_in_body"]]


def test_scripts_event_attributes_and_script_links_of_a_saved_page_never_reach_the_site(tmp_path):
    root = project_with(tmp_path, *(a["file"] for a in HOSTILE))
    assert len(HOSTILE) >= 6
    assert run_import(root).returncode == 0
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    for path in (root / "content").glob("*.md"):
        text = frontmatter.load(path).content
        assert not re.search(r"<(?!https?://)\w|javascript:|data:text|\bon\w+\s*=", text, re.I), path.name
    pages = [p for p in (root / "_site" / "articles").glob("*/index.html")]
    assert len(pages) == len(HOSTILE)
    for page in pages:
        body = page.read_text().split('<div class="body">', 1)[1].split("</div>", 1)[0]
        assert not re.search(r"<(script|iframe|img|style|object|embed)\b|javascript:|data:|\son\w+\s*=", body, re.I), page
        assert all(h.startswith("https://") for h in re.findall(r'href="([^"]+)"', body))  # web pages only
    mixed_case = next(a for a in HOSTILE if "javascript-mixed-case-link" in a["hostile_in_body"])
    page = next(p for p in pages if frontmatter.load(next(
        c for c in (root / "content").glob("*.md") if frontmatter.load(c)["title"] == mixed_case["headline"]))["id"]
        in str(p))
    assert "JaVaScRiPt" not in page.read_text()


def test_the_article_page_links_the_capture_in_the_replay_service_the_editor_names(tmp_path):
    toml = SITE_TOML + 'replay_url = "https://replay.example.org/web/{timestamp}/{url}"\n'
    root = project_with(tmp_path, "warc/captures.warc.gz", site_toml=toml)
    assert run_import(root).returncode == 0 and run_build(root).returncode == 0
    post = next(p for p in articles(root).values() if p["source"].get("author"))
    page = (root / "_site" / "articles" / post["id"] / "index.html").read_text()
    stamp = re.sub(r"\D", "", post["source"]["captured"])
    assert (f'<dt>Captured</dt>\n      <dd><time datetime="{post["source"]["captured"]}">{post["source"]["captured"][:10]}'
            f'</time>, in captures.warc.gz: <a href="https://replay.example.org/web/{stamp}/{post["source"]["url"]}" '
            'rel="external nofollow noopener">the archived capture</a></dd>') in page
    # The page's author reaches the citation, as Zotero reads it and in the exports.
    assert f'<meta name="citation_author" content="{post["source"]["author"]}">' in page
    [item] = json.loads((root / "_site" / "articles" / post["id"] / "cite.json").read_text())
    assert item["author"] == [{"literal": post["source"]["author"]}]

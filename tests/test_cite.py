"""Citations as researchers' tools read them: the article page's embedded metadata (extruct
reads JSON-LD, OpenGraph and the meta tags as Zotero and Citoid do), and the archive's
exports imported by their own parsers (citeproc-py for CSL-JSON, bibtexparser, rispy)."""
from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import bibtexparser
import extruct
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from conftest import article, run_build

BASE = "https://example.org/archive/"
REPORT = article(
    "SDF enter Hajin's centre", date="2018-12-14", locations="[Hajin]", tags="[SDF, ISIS]",
    summary="Fighters reached the market.").replace(
    "summary: Fighters reached the market.", "summary: Fighters reached the market.\ndate_basis: printed\nsource:\n"
    "  publisher: North Press\n  url: https://npasyria.com/en/123/")
INFERRED = article("A month-dated report", date="2018-11", tags="[SDF]").replace(
    "date: 2018-11", "date: 2018-11\ndate_basis: inferred")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import make_project, SITE_TOML

    root = make_project(tmp_path_factory.mktemp("cite") / "site", {"content/sdf.md": REPORT, "content/month.md": INFERRED},
                        SITE_TOML)
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root / "_site"


def test_a_metadata_parser_finds_headline_date_publisher_original_address_and_place(site):
    html = (site / "articles" / "sdf" / "index.html").read_text()
    data = extruct.extract(html, base_url=BASE + "articles/sdf/", syntaxes=["json-ld", "opengraph"], uniform=True)
    [ld] = data["json-ld"]
    assert ld["@type"] == "NewsArticle" and ld["headline"] == "SDF enter Hajin's centre"
    assert ld["datePublished"] == "2018-12-14" and ld["url"] == BASE + "articles/sdf/"
    assert ld["isBasedOn"]["url"] == "https://npasyria.com/en/123/"
    assert ld["isBasedOn"]["publisher"]["name"] == "North Press"
    [hajin] = ld["contentLocation"]
    assert hajin["name"] == "Hajin" and round(hajin["geo"]["latitude"], 1) == 34.7
    assert [t["name"] for t in ld["about"]] == ["ISIS", "SDF"] or [t["name"] for t in ld["about"]] == ["SDF", "ISIS"]
    [og] = data["opengraph"]
    assert og["og:title"] == "SDF enter Hajin's centre" and og["og:description"] == "Fighters reached the market."
    assert og["article:published_time"] == "2018-12-14"
    tags: dict[str, list[str]] = {}  # the Highwire and Dublin Core tags, by name, as Zotero reads them

    class Meta(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "meta" and "name" in attrs:
                tags.setdefault(attrs["name"], []).append(attrs["content"])

    Meta(convert_charrefs=True).feed(html)
    assert tags["citation_title"] == ["SDF enter Hajin's centre"] and tags["citation_publication_date"] == ["2018/12/14"]
    assert tags["citation_publisher"] == ["North Press"] and tags["DC.source"] == ["https://npasyria.com/en/123/"]
    assert tags["DC.coverage"][0] == "Hajin"


def test_the_page_offers_a_ready_citation_that_keeps_the_dates_precision_and_basis(site):
    page = (site / "articles" / "month" / "index.html").read_text()
    assert ("<p class=\"citation\">“A month-dated report.” November 2018 (date inferred). Archived in Test Archive, "
            f"{BASE}articles/month/.</p>") in page
    sdf = (site / "articles" / "sdf" / "index.html").read_text()
    assert ("North Press. “SDF enter Hajin&#39;s centre.” 14 December 2018. https://npasyria.com/en/123/. "
            f"Archived in Test Archive, {BASE}articles/sdf/.") in sdf


def test_csl_json_formats_with_citeproc(site):
    items = json.loads((site / "articles.csl.json").read_text())
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)  # the style citeproc-py bundles
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem("sdf"), CitationItem("month")]))
    entries = [str(entry) for entry in bibliography.bibliography()]
    assert any("SDF enter Hajin’s centre" in e or "SDF enter Hajin's centre" in e for e in entries)
    assert any("2018" in e and "North Press" in e for e in entries)
    month = next(i for i in items if i["id"] == "month")
    assert month["issued"] == {"date-parts": [[2018, 11]], "circa": True}


def test_bibtex_and_ris_import_with_their_own_parsers(site):
    library = bibtexparser.parse_string((site / "articles.bib").read_text())
    assert not library.failed_blocks
    entries = {e.key: e for e in library.entries}
    assert entries["sdf"]["title"] == "SDF enter Hajin's centre" and entries["sdf"]["date"] == "2018-12-14"
    assert entries["sdf"]["url"] == "https://npasyria.com/en/123/" and entries["sdf"]["organization"] == "North Press"
    assert entries["month"]["date"] == "2018-11"
    records = {r["id"]: r for r in rispy.loads((site / "articles.ris").read_text())}
    assert records["sdf"]["type_of_reference"] == "NEWS" and records["sdf"]["title"] == "SDF enter Hajin's centre"
    assert records["sdf"]["date"] == "2018/12/14/" and records["sdf"]["publisher"] == "North Press"
    assert records["sdf"]["urls"] == ["https://npasyria.com/en/123/", BASE + "articles/sdf/"]
    rows = list(csv.DictReader(io.StringIO((site / "articles.csv").read_text(encoding="utf-8-sig"))))
    assert {r["id"]: (r["date"], r["date_precision"], r["date_basis"]) for r in rows} == {
        "sdf": ("2018-12-14", "day", "printed"), "month": ("2018-11", "month", "inferred")}


def test_each_report_has_its_own_citation_files_linked_from_its_page(site):
    page = (site / "articles" / "sdf" / "index.html").read_text()
    links = {}
    for name in ("cite.bib", "cite.ris", "cite.json"):
        assert f'href="/archive/articles/sdf/{name}"' in page
        links[name] = (site / "articles" / "sdf" / name).read_text()
    library = bibtexparser.parse_string(links["cite.bib"])
    assert [e.key for e in library.entries] == ["sdf"] and not library.failed_blocks
    assert library.entries[0]["title"] == "SDF enter Hajin's centre"
    [record] = rispy.loads(links["cite.ris"])
    assert record["date"] == "2018/12/14/" and record["urls"][0] == "https://npasyria.com/en/123/"
    [item] = json.loads(links["cite.json"])
    bibliography = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False),
                                              CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem("sdf")]))
    [entry] = [str(e) for e in bibliography.bibliography()]
    assert "North Press" in entry and "2018" in entry
    inferred = json.loads((site / "articles" / "month" / "cite.json").read_text())[0]
    assert inferred["issued"] == {"date-parts": [[2018, 11]], "circa": True}  # the date's evidence travels too


def test_text_that_would_break_an_export_stays_inside_its_field(project):
    hostile = article("Braces } and % and =cmd|' /C calc'!A0", date="2018", tags="['@SUM(1+1)']",
                      summary="'=HYPERLINK(\"http://evil.example\")'")
    root = project({"content/x.md": hostile})
    assert run_build(root).returncode == 0
    [entry] = bibtexparser.parse_string((root / "_site" / "articles.bib").read_text()).entries
    assert entry["title"] == "Braces \\} and \\% and =cmd|' /C calc'!A0"
    [row] = list(csv.DictReader(io.StringIO((root / "_site" / "articles.csv").read_text(encoding="utf-8-sig"))))
    assert row["title"].startswith("Braces") and row["tags"] == "'@SUM(1+1)" and row["summary"].startswith("'=")


def test_an_inferred_dates_window_and_note_are_shown_and_exported(project):
    text = article("Inferred", date="2018-12-12", body="Text.").replace(
        "date: 2018-12-12", "date: 2018-12-12\ndate_basis: inferred\ndate_window: 2018-12-10/2018-12-14\n"
        "date_note: The hospital was taken on 10 December.")
    root = project({"content/x.md": text})
    assert run_build(root).returncode == 0
    site = root / "_site"
    evidence = "Date inferred, between 2018-12-10 and 2018-12-14: The hospital was taken on 10 December."
    page = (site / "articles" / "x" / "index.html").read_text()
    assert f'<dd class="date-evidence">{evidence}</dd>' in page
    assert 'data-pagefind-meta="date:12 December 2018 (date inferred)"' in page  # as search results show it
    [record] = json.loads((site / "articles.json").read_text())["articles"]
    assert (record["date_window"], record["date_note"]) == ("2018-12-10/2018-12-14", "The hospital was taken on 10 December.")
    assert json.loads((site / "articles.csl.json").read_text())[0]["note"] == evidence
    assert rispy.loads((site / "articles.ris").read_text())[0]["notes"] == [evidence]
    [row] = list(csv.DictReader(io.StringIO((site / "articles.csv").read_text(encoding="utf-8-sig"))))
    assert (row["date_window"], row["date_note"]) == ("2018-12-10/2018-12-14", "The hospital was taken on 10 December.")

"""Rendering details a reader notices: pagination, alias redirects, CNAME, dates as written."""
import re

from conftest import SITE_TOML, article, run_build


def test_lists_paginate_with_stable_urls_and_labelled_links(project):
    files = {f"content/a{n}.md": article(f"Report {n}", date=f"2018-01-{n + 10}", tags="[SDF]") for n in range(5)}
    root = project(files, SITE_TOML.replace("per_page = 20", "per_page = 2"))
    assert run_build(root).returncode == 0
    site = root / "_site"
    assert [p.relative_to(site).as_posix() for p in sorted((site / "tags" / "sdf").rglob("index.html"))] == [
        "tags/sdf/index.html", "tags/sdf/page/2/index.html", "tags/sdf/page/3/index.html"]
    last = (site / "tags" / "sdf" / "page" / "3" / "index.html").read_text()
    assert '<a href="/archive/tags/sdf/page/3/" aria-current="page">3</a>' in last
    assert 'aria-label="Pages"' in last and 'rel="prev"' in last and 'rel="next"' not in last
    assert last.count('<li>\n    <a href="/archive/articles/') == 1  # 5 articles, 2 per page: 1 on page 3
    assert (site / "articles" / "page" / "3" / "index.html").exists()
    assert (site / "archive" / "2018" / "01" / "page" / "2" / "index.html").exists()


def test_an_alias_tag_url_redirects_to_the_canonical_tag(project):
    root = project({"content/a.md": article("A", tags="[Daesh]")})
    assert run_build(root).returncode == 0
    redirect = (root / "_site" / "tags" / "daesh" / "index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=/archive/tags/isis/">' in redirect
    assert "tags/daesh" not in (root / "_site" / "sitemap.xml").read_text()
    assert (root / "_site" / "tags" / "isis" / "index.html").exists()


def test_cname_is_written_when_configured(project):
    root = project({"content/a.md": article("A")}, SITE_TOML + 'cname = "archive.example.org"\n')
    assert run_build(root).returncode == 0
    assert (root / "_site" / "CNAME").read_text() == "archive.example.org\n"


def test_dates_are_shown_with_the_precision_they_have(project):
    root = project({"content/y.md": article("Year only", date="2018"), "content/m.md": article("Month", date="2018-12"),
                    "content/u.md": article("Undated")})
    assert run_build(root).returncode == 0
    site = root / "_site"
    month = (site / "articles" / "m" / "index.html").read_text()
    assert ('<a href="/archive/archive/2018/12/" data-pagefind-filter="year:2018" data-pagefind-sort="date:2018-12" '
            'data-pagefind-meta="date:December 2018"><time datetime="2018-12">December 2018</time></a>') in month
    year = (site / "articles" / "y" / "index.html").read_text()
    assert ('<a href="/archive/archive/2018/" data-pagefind-filter="year:2018" data-pagefind-sort="date:2018" '
            'data-pagefind-meta="date:2018"><time datetime="2018">2018</time></a>') in year
    undated = (site / "archive" / "undated" / "index.html").read_text()
    assert "Undated" in undated and 'href="/archive/articles/u/"' in undated
    assert not (site / "archive" / "2018" / "01").exists()  # no month page is invented for "2018"


def test_an_imported_lead_is_not_shown_twice(project):
    body = "The SDF advanced on Hajin. More followed."
    root = project({"content/a.md": article("A", summary="The SDF advanced on Hajin.", body=body),
                    "content/b.md": article("B", summary="A standfirst of its own", body=body)})
    assert run_build(root).returncode == 0
    a = (root / "_site" / "articles" / "a" / "index.html").read_text()
    b = (root / "_site" / "articles" / "b" / "index.html").read_text()
    assert 'class="lead"' not in a and '<p class="lead">A standfirst of its own</p>' in b


def test_html_in_titles_and_tags_is_shown_as_text(project):
    root = project({"content/a.md": article("'<script>alert(1)</script>'", tags="['<b>x</b>']")})
    assert run_build(root).returncode == 0
    page = (root / "_site" / "articles" / "a" / "index.html").read_text()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"<b>x</b>", page)


def test_a_long_list_links_the_first_last_and_nearest_pages_only(project):
    """A list of hundreds of pages must not repeat hundreds of links on each of them (the
    site would grow with the square of the archive)."""
    files = {f"content/a{n:02d}.md": article(f"Report {n}", date=f"2018-01-{n % 28 + 1:02d}", tags="[SDF]")
             for n in range(40)}
    root = project(files, SITE_TOML.replace("per_page = 20", "per_page = 2"))
    assert run_build(root).returncode == 0
    page = (root / "_site" / "tags" / "sdf" / "page" / "10" / "index.html").read_text()
    nav = page[page.index('aria-label="Pages"'):page.index("</nav>", page.index('aria-label="Pages"'))]
    numbers = re.findall(r'<a href="/archive/tags/sdf/(?:page/(\d+)/)?"(?: aria-current="page")?>(\d+)</a>', nav)
    assert [int(label) for _, label in numbers] == [1, 7, 8, 9, 10, 11, 12, 13, 20]
    assert nav.count("…") == 2 and 'rel="prev"' in nav and 'rel="next"' in nav
    first = (root / "_site" / "tags" / "sdf" / "index.html").read_text()
    assert first.count('href="/archive/tags/sdf/page/') == 4 + 1  # pages 2, 3, 4 and 20, and "Next"


def test_the_index_of_tags_paginates_when_an_archive_has_hundreds(project):
    files = {f"content/a{n}.md": article(f"Report {n}", tags="[" + ", ".join(f"Actor {n}-{k:02d}" for k in range(90)) + "]")
             for n in range(6)}  # 540 tags
    root = project(files)
    assert run_build(root).returncode == 0
    first = (root / "_site" / "tags" / "index.html").read_text()
    second = (root / "_site" / "tags" / "page" / "2" / "index.html").read_text()
    assert "540 tags" in first and "540 tags" in second
    links = lambda html: re.findall(r'<li><a href="/archive/tags/(actor-[\d-]+)/">', html)  # noqa: E731
    assert len(links(first)) == 500 and len(links(second)) == 40
    assert not set(links(first)) & set(links(second))
    assert 'href="/archive/tags/page/2/"' in first


def test_a_tag_page_shows_its_most_frequent_places_and_says_how_many_there_are(project):
    """A tag found at hundreds of places must not list them all on each of its pages."""
    places = [f"Place {n:02d}" for n in range(25)]
    files = {f"content/a{n:02d}.md": article(f"Report {n}", tags="[SDF]", locations=f"[{', '.join(places[:n + 1])}]")
             for n in range(25)}  # Place 00 in every article, Place 24 in one
    root = project(files)
    assert run_build(root).returncode == 0
    page = (root / "_site" / "tags" / "sdf" / "index.html").read_text()
    aside = page[page.index("<h2>Places</h2>"):page.index("</aside>")]
    shown = re.findall(r'<a href="/archive/places/place-(\d+)/">', aside)
    assert shown == [f"{n:02d}" for n in range(20)]  # the 20 with most articles, most first
    assert "20 of 25 shown: those with most articles." in aside
    place = (root / "_site" / "places" / "place-00" / "index.html").read_text()
    assert "terms-more" not in place  # one tag: nothing left out, nothing to say

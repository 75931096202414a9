"""Rendering details a reader notices: pagination, alias redirects, CNAME, dates as written."""
import re

from conftest import SITE_TOML, article, run_build


def articles_on(page: str) -> list[str]:
    return re.findall(r'<li>\n    <a href="/archive/articles/([^/]+)/">', page)


def test_lists_are_numbered_from_the_oldest_and_show_the_newest_first(project):
    files = {f"content/a{n}.md": article(f"Report {n}", id=f"a{n}", date=f"2018-01-{n + 10}", tags="[SDF]") for n in range(5)}
    root = project(files, SITE_TOML.replace("per_page = 20", "per_page = 2"))
    assert run_build(root).returncode == 0
    site = root / "_site" / "tags" / "sdf"
    assert [p.relative_to(site).as_posix() for p in sorted(site.rglob("index.html"))] == [
        "index.html", "page/1/index.html", "page/2/index.html", "page/3/index.html"]
    read = lambda path: (site / path / "index.html").read_text()  # noqa: E731
    assert articles_on(read("")) == ["a4", "a3"]  # the newest first
    assert [articles_on(read(f"page/{n}")) for n in (1, 2, 3)] == [["a1", "a0"], ["a3", "a2"], ["a4"]]
    newest = read("page/3")
    assert '<a href="/archive/tags/sdf/page/3/" aria-current="page">3</a>' in newest
    assert '<a href="/archive/tags/sdf/" rel="prev">Newer</a>' in newest  # after the newest numbered page, the first
    assert '<a href="/archive/tags/sdf/page/2/" rel="next">Older</a>' in newest
    assert '<a href="/archive/tags/sdf/page/2/" rel="next">Older</a>' in read("")  # a2 comes after the first page's a3
    assert 'rel="next"' not in read("page/1")
    assert (root / "_site" / "articles" / "page" / "3" / "index.html").exists()
    assert (root / "_site" / "archive" / "2018" / "01" / "page" / "3" / "index.html").exists()


def test_a_new_report_changes_only_the_first_and_the_newest_numbered_page(project):
    """/tags/sdf/page/3/ keeps its articles as reports arrive: readers and citations get
    stable pages, and a build re-renders few of them."""
    files = {f"content/a{n:02d}.md": article(f"Report {n}", id=f"a{n:02d}", date=f"2018-01-{n + 1:02d}", tags="[SDF]")
             for n in range(9)}
    root = project(files, SITE_TOML.replace("per_page = 20", "per_page = 2"))
    assert run_build(root).returncode == 0
    lists = lambda: {p.relative_to(root / "_site").as_posix(): p.read_bytes()  # noqa: E731
                     for p in sorted((root / "_site" / "tags" / "sdf").rglob("index.html"))}
    before = lists()
    (root / "content" / "new.md").write_text(article("The newest report", id="new", date="2018-02-01", tags="[SDF]"))
    assert run_build(root).returncode == 0
    after = lists()
    changed = sorted(path for path in after if before.get(path) != after[path])
    assert changed == ["tags/sdf/index.html", "tags/sdf/page/5/index.html"]  # 10 articles now: page 5 is full


def test_a_field_added_to_the_list_item_partial_shows_on_every_list_at_once(project):
    """Pages that call partials/article_item.html from Python (not by {% include %}) still
    depend on it: the next build, with the cache, shows the new field on every list."""
    root = project({"content/a.md": article("A", date="2018-01-05", tags="[SDF]", summary="The summary of A.")})
    assert run_build(root).returncode == 0
    item = root / "layouts" / "partials" / "article_item.html"
    item.write_text(item.read_text().replace("  </li>", '  <p class="summary">{{ article.summary }}</p>\n  </li>'))
    assert run_build(root).returncode == 0
    for page in ("index.html", "articles/index.html", "tags/sdf/index.html", "archive/2018/01/index.html"):
        assert '<p class="summary">The summary of A.</p>' in (root / "_site" / page).read_text(), page


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


def test_a_long_list_links_a_few_pages_only(project):
    """A list of hundreds of pages must not repeat hundreds of links on each of them (the
    site would grow with the square of the archive); a numbered page links older pages only,
    which never change, and the newer one."""
    files = {f"content/a{n:02d}.md": article(f"Report {n}", date=f"2018-01-{n % 28 + 1:02d}", tags="[SDF]")
             for n in range(40)}
    root = project(files, SITE_TOML.replace("per_page = 20", "per_page = 2"))
    assert run_build(root).returncode == 0
    page = (root / "_site" / "tags" / "sdf" / "page" / "10" / "index.html").read_text()
    nav = page[page.index('aria-label="Pages"'):page.index("</nav>", page.index('aria-label="Pages"'))]
    numbers = re.findall(r'<a href="/archive/tags/sdf/page/(\d+)/"(?: aria-current="page")?>(\d+)</a>', nav)
    assert [int(label) for _, label in numbers] == [1, 7, 8, 9, 10]
    assert '<a href="/archive/tags/sdf/page/11/" rel="prev">Newer</a>' in nav and 'rel="next">Older' in nav
    first = (root / "_site" / "tags" / "sdf" / "index.html").read_text()
    nav = first[first.index('aria-label="Pages"'):first.index("</nav>", first.index('aria-label="Pages"'))]
    assert [int(n) for n in re.findall(r'page/(\d+)/">\d+</a>', nav)] == [20, 19, 18, 17, 16, 15, 1]


def test_the_index_of_tags_paginates_when_an_archive_has_hundreds(project):
    files = {f"content/a{n}.md": article(f"Report {n}", tags="[" + ", ".join(f"Actor {n}-{k:02d}" for k in range(90)) + "]")
             for n in range(6)}  # 540 tags
    root = project(files)
    assert run_build(root).returncode == 0
    first = (root / "_site" / "tags" / "index.html").read_text()
    second = (root / "_site" / "tags" / "page" / "2" / "index.html").read_text()  # by name: the next 500
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

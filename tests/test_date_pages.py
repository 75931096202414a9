"""Date pages as a reader browses them: a year shows each of its articles once, and leads to
the years before and after it."""
from __future__ import annotations

import re

from conftest import article, run_build


def test_a_year_page_shows_each_article_once_and_links_the_years_beside_it(project):
    files = {f"content/r{y}-{m}.md": article(f"Report {y}-{m}", date=f"{y}-{m:02d}-03") for y in (2016, 2017, 2018)
             for m in (1, 6, 11)}
    files["content/year-only.md"] = article("Dated to the year only", date="2017")
    root = project(files)
    assert run_build(root).returncode == 0
    page = (root / "_site" / "archive" / "2017" / "index.html").read_text()
    for title in ("Report 2017-1", "Report 2017-6", "Report 2017-11", "Dated to the year only"):
        assert page.count(f">{title}<") == 1, title
    assert re.search(r'Earlier: <a href="/archive/archive/2016/" rel="prev">2016</a>', page)
    assert re.search(r'Later: <a href="/archive/archive/2018/" rel="next">2018</a>', page)
    newest = (root / "_site" / "archive" / "2018" / "index.html").read_text()
    assert "Earlier: <a" in newest and "Later: <a" not in newest


def test_articles_dated_to_the_day_have_a_page_for_their_day(project):
    root = project({"content/a.md": article("Morning attack", date="2018-12-03"),
                    "content/b.md": article("Evening attack", date="2018-12-03"),
                    "content/c.md": article("Ceasefire talks", date="2018-12-14"),
                    "content/d.md": article("Some day in December", date="2018-12"),
                    "content/e.md": article("November report", date="2018-11-30")})
    assert run_build(root).returncode == 0
    archive = root / "_site" / "archive"
    day = (archive / "2018" / "12" / "03" / "index.html").read_text()
    assert "<h1>3 December 2018</h1>" in day and "2 articles dated to this day." in day
    assert ">Morning attack<" in day and ">Evening attack<" in day
    assert ">Ceasefire talks<" not in day and ">Some day in December<" not in day
    assert 'Later: <a href="/archive/archive/2018/12/14/" rel="next">14 December 2018</a>' in day
    assert "Earlier:" not in day  # the month's first day; the month page leads to the rest
    assert '<a href="/archive/archive/2018/12/">December 2018</a>' in day
    month = (archive / "2018" / "12" / "index.html").read_text()
    assert ('<ul class="inline days"><li><a href="/archive/archive/2018/12/03/" aria-label="3 December 2018">3</a></li>'
            '<li><a href="/archive/archive/2018/12/14/" aria-label="14 December 2018">14</a></li></ul>') in month
    page = (root / "_site" / "articles" / "c" / "index.html").read_text()
    assert '<a href="/archive/archive/2018/12/14/"' in page  # an article's date leads to its day
    assert not (archive / "2018" / "12" / "01").exists()  # a month-only date makes no day page


def test_no_undated_page_when_every_article_is_dated(project):
    root = project({"content/a.md": article("Dated", date="2018-12-03")})
    assert run_build(root).returncode == 0
    assert not (root / "_site" / "archive" / "undated").exists()
    assert "undated" not in (root / "_site" / "archive" / "index.html").read_text().lower()
    (root / "content" / "b.md").write_text(article("Not dated"))
    assert run_build(root).returncode == 0
    assert (root / "_site" / "archive" / "undated" / "index.html").is_file()

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

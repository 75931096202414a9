"""The search index in shards: queries, filters and date order work across shards in
Chromium and give what a single index gives; one edit re-indexes one shard only."""
import re

import pytest
from playwright.sync_api import expect

from conftest import SITE_TOML, article, make_project, run_build, tree_digest
from topicsite.server import serve_in_background

# Nine articles over three years, three to a shard: 2016, 2017 and 2018 (split in two).
ARTICLES = {
    "content/a16.md": article("Ambush near Hajin", date="2016-03-01", locations="[Hajin]", body="Convoy ambush at Hajin."),
    "content/b16.md": article("Convoy on the river", date="2016-07-02", locations="[Baghuz]", body="A convoy crossed."),
    "content/a17.md": article("Hajin market", date="2017-05-05", locations="[Hajin]", body="The convoy reached Hajin."),
    "content/b17.md": article("Baghuz report", date="2017-09-09", locations="[Baghuz]", body="Fighting in Baghuz."),
    "content/a18.md": article("January in Hajin", date="2018-01-10", locations="[Hajin]", body="A convoy left Hajin."),
    "content/b18.md": article("February", date="2018-02-11", locations="[Baghuz]", body="Quiet day."),
    "content/c18.md": article("March", date="2018-03-12", locations="[Hajin]", body="Another convoy."),
    "content/d18.md": article("April", date="2018-04-13", locations="[Baghuz]", body="Convoy near Baghuz."),
    "content/e18.md": article("May", date="2018-05-14", locations="[Hajin]", body="Nothing."),
}


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory):
    """The same archive with a sharded index and with one single index, both served."""
    sites = {}
    for name, shards in (("sharded", 'search_shards = "year"\nsearch_shard_size = 3\n'), ("single", 'search_shards = "none"\n')):
        root = make_project(tmp_path_factory.mktemp(name) / "site", ARTICLES, SITE_TOML + shards)
        result = run_build(root, "--base-url", "http://127.0.0.1/archive/")
        assert result.returncode == 0, result.stderr
        server = serve_in_background(root / "_site", "/archive/")
        sites[name] = (root, f"http://127.0.0.1:{server.server_address[1]}/archive/", server)
    yield sites
    for _, _, server in sites.values():
        server.shutdown()


def results(browser, base: str, query: str) -> list[str]:
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + "search/?" + query)
    expect(page.locator("#search-status")).to_have_text(re.compile(r"found"), timeout=10_000)  # not "Loading search…"
    urls = page.locator("#search-results li > a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    page.close()
    assert errors == []
    return urls


def test_the_index_is_split_into_shards(two_sites):
    root = two_sites["sharded"][0]
    assert sorted(p.name for p in (root / "_site" / "pagefind").iterdir()) == ["2016", "2017", "2018-1", "2018-2"]
    assert [p.name for p in (two_sites["single"][0] / "_site" / "pagefind").iterdir()] == ["all"]


def test_one_query_finds_articles_in_several_shards_and_filters_narrow(two_sites, browser):
    base = two_sites["sharded"][1]
    found = results(browser, base, "q=convoy")
    years = {re.search(r"/articles/\w(\d\d)/", url).group(1) for url in found}
    assert years == {"16", "17", "18"} and len(found) == 6
    narrowed = results(browser, base, "q=convoy&place=Baghuz")
    assert sorted(narrowed) == ["/archive/articles/b16/", "/archive/articles/d18/"]
    assert results(browser, base, "q=convoy&year=2017") == ["/archive/articles/a17/"]


@pytest.mark.parametrize("query", ["q=convoy", "q=hajin", "q=baghuz&sort=newest", "q=convoy&sort=oldest",
                                   "q=convoy&place=Hajin", "place=Baghuz&sort=newest", "q=nothing-like-this"])
def test_sharded_results_equal_a_single_index(two_sites, browser, query):
    sharded = results(browser, two_sites["sharded"][1], query)
    single = results(browser, two_sites["single"][1], query)
    if "sort=" in query:
        assert sharded == single  # the same order
    else:
        assert sorted(sharded) == sorted(single)


def test_editing_one_article_reindexes_exactly_one_shard(tmp_path):
    root = make_project(tmp_path / "site", ARTICLES, SITE_TOML + 'search_shard_size = 3\n')
    assert run_build(root).returncode == 0
    bundles = root / "_site" / "pagefind"
    before = {shard.name: tree_digest(shard) for shard in bundles.iterdir()}
    text = (root / "content" / "b17.md").read_text()
    (root / "content" / "b17.md").write_text(text.replace("Fighting in Baghuz.", "Heavy fighting in Baghuz."))
    result = run_build(root)
    assert "Search index: 1 shard indexed (2017), the others unchanged" in result.stdout
    after = {shard.name: tree_digest(shard) for shard in bundles.iterdir()}
    assert after["2017"] != before["2017"]
    assert {k: v for k, v in after.items() if k != "2017"} == {k: v for k, v in before.items() if k != "2017"}

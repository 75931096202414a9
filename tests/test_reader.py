"""What a reader does, in Debian's Chromium, on the bundled archive served under /repo/:
search, filter, the map, the timeline. No console errors on any page (see `reader_page`).
Pages carry a Content-Security-Policy, so the tests wait with `expect`, not page scripts."""
import json

from playwright.sync_api import expect


def test_search_box_finds_baghdadi_and_the_result_opens_the_article(reader_site, reader_page):
    site, base = reader_site
    page = reader_page
    page.goto(base)
    page.get_by_role("search").get_by_label("Search").fill("Baghdadi")
    page.get_by_role("search").get_by_role("button", name="Go").click()
    page.wait_for_url("**/repo/search/?q=Baghdadi")
    result = page.locator("#search-results li a").first
    result.wait_for(timeout=10_000)
    assert "Al-Hawamah, market and hospital freed" in result.inner_text()
    assert page.locator("#search-results li").count() == 1
    result.click()
    page.wait_for_url("**/repo/articles/syria-isis-retreats-against-the-sdf-in-hajin-al-hawamah-market-and-hospital-free/")
    assert "Baghdadi" in page.locator("article").inner_text()


def test_place_filter_narrows_results(reader_site, reader_page):
    site, base = reader_site
    page = reader_page
    page.goto(base + "search/?q=SDF")
    page.locator("#search-results li").first.wait_for(timeout=10_000)
    expect(page.locator("#search-results li")).to_have_count(5)
    page.select_option("#search-place", "Baghuz")
    expect(page.locator("#search-results li")).to_have_count(1)
    assert "resume the offensive" in page.locator("#search-results").inner_text()
    assert "place=Baghuz" in page.url
    page.select_option("#search-year", "2017")
    expect(page.locator("#search-status")).to_have_text("No articles found.")


def test_search_sorts_by_date(reader_site, reader_page):
    site, base = reader_site
    page = reader_page
    page.goto(base + "search/?q=Hajin&sort=oldest")
    expect(page.locator("#search-results li")).to_have_count(5)
    dates = page.locator("#search-results li .meta").all_inner_texts()
    # as lists show them: every bundled report's date was inferred by the importer
    assert dates[0] == "29 December 2017 (date inferred)" and dates[-1] == "12 December 2018 (date inferred)"


def test_places_map_has_a_marker_per_place_and_markers_link_to_place_pages(reader_site, reader_page):
    site, base = reader_site
    page = reader_page
    places = json.loads((site / "places.geojson").read_text())["features"]
    page.goto(base + "places/")
    page.wait_for_selector("#map[data-ready=true]")
    single = page.locator("img.leaflet-marker-icon").count()
    clustered = sum(int(text) for text in page.locator(".marker-cluster").all_inner_texts())
    assert single + clustered == len(places) > 10
    assert "Test tiles" in page.locator(".leaflet-control-attribution").inner_text()
    assert page.locator(".place-tree a", has_text="Baghuz").count() == 1  # the list stays on the page
    # Zoom in on Hajin, where markers no longer cluster, then follow a marker's link.
    page.evaluate("window.archiveMap.setView([34.695, 40.831], 11, {animate: false})")
    marker = page.locator('img.leaflet-marker-icon[title^="Hajin:"]')
    marker.wait_for()
    assert marker.get_attribute("tabindex") == "0"  # reachable by keyboard
    marker.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup-content a")
    link.wait_for()
    link.click()
    page.wait_for_url("**/repo/places/hajin/")


def test_place_page_map_shows_the_place_and_its_neighbours(reader_site, reader_page):
    site, base = reader_site
    page = reader_page
    page.goto(base + "places/gharanij/")
    page.wait_for_selector("#map[data-ready=true]")
    titles = page.locator("img.leaflet-marker-icon").evaluate_all("els => els.map(e => e.title)")
    assert any(t.startswith("Gharanij:") for t in titles) and any(t.startswith("Al-Bahra:") for t in titles)


def test_timeline_shows_every_article_in_its_month(reader_site, reader_page):
    site, base = reader_site
    page = reader_page
    articles = json.loads((site / "articles.json").read_text())["articles"]
    for article in articles:
        year, month = article["date"][:4], article["date"][5:7]
        page.goto(f"{base}archive/{year}/")
        cell = page.locator(f"#tl-{year}-{month}")
        assert cell.locator(f'a[href="{article["url"].removeprefix(base.split("/repo/")[0])}"]').count() == 1, article
    page.goto(base + "archive/")
    assert page.locator("#y2018 + .timeline-bars a").count() == 4  # August, October, November, December
    assert page.locator("#y2017 + .timeline-bars a").count() == 1


def test_without_javascript_the_search_box_is_a_link_to_tags_and_places(reader_site, browser):
    site, base = reader_site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base)
    assert not page.locator("[data-search-box]").is_visible()
    fallback = page.locator("[data-search-fallback]")
    assert fallback.is_visible()
    assert fallback.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))") == ["/repo/tags/", "/repo/places/"]
    page.goto(base + "places/")
    assert page.locator(".place-tree a", has_text="Hajin").is_visible()
    context.close()

"""What a reader does, in Debian's Chromium, on the bundled archive served under /repo/:
search, filter, the map, the timeline. No console errors on any page (see `reader_page`).
Pages carry a Content-Security-Policy, so the tests wait with `expect`, not page scripts."""
import json

import pytest

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


def test_the_search_page_fetches_no_search_files_until_the_reader_starts(reader_site, reader_page):
    site, base = reader_site
    page = reader_page
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(base + "search/")
    page.wait_for_load_state("networkidle")
    assert [url for url in fetched if "pagefind" in url] == []
    assert page.locator("#search-place option").count() == 1  # the filters fill once search is loaded
    page.locator("#search-q").fill("SDF")
    expect(page.locator("#search-results li")).to_have_count(5)
    assert any("/repo/pagefind/" in url for url in fetched)
    assert page.locator("#search-place option").count() > 5


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


def test_place_page_map_shows_the_place_apart_from_its_neighbours(reader_site, reader_page):
    site, base = reader_site
    page = reader_page
    page.goto(base + "places/gharanij/")
    page.wait_for_selector("#map[data-ready=true]")
    current = page.locator(".map-current")
    expect(current).to_have_count(1)
    assert current.get_attribute("title") == "Gharanij: 1 article (this page)"
    pins = page.locator("img.leaflet-marker-icon").evaluate_all("els => els.map(e => e.title)")
    assert not any(t.startswith("Gharanij") for t in pins) and any(t.startswith("Al-Bahra:") for t in pins)
    assert page.locator(".leaflet-popup").count() == 0  # nothing covers the neighbours
    styles = current.evaluate("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).borderRadius]")
    assert styles == ["rgb(199, 91, 0)", "50%"]


CUT_BY_THE_EDGE = """names => {
  const box = document.getElementById("map").getBoundingClientRect();
  const fitted = e => names === null || names.some(name => (e.title || "").startsWith(name + ":"));
  return [...document.querySelectorAll("#map .leaflet-marker-icon")].filter(fitted).filter(e => {
    const pin = e.getBoundingClientRect();
    const seen = pin.right > box.left && pin.left < box.right && pin.bottom > box.top && pin.top < box.bottom;
    const whole = pin.left >= box.left && pin.top >= box.top && pin.right <= box.right && pin.bottom <= box.bottom;
    return seen && !whole;  // cut by the map's edge
  }).map(e => e.title || e.textContent);
}"""


@pytest.mark.parametrize("address", ["places/", "places/syria/", "places/hajin/"])
@pytest.mark.parametrize("width", [390, 1280])
def test_no_pin_is_clipped_at_the_edge_of_the_map(reader_site, browser, address, width):
    site, base = reader_site
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(base + address)
    page.wait_for_selector("#map[data-ready=true]")
    page.wait_for_timeout(400)  # clusters settle after the first frame
    # The map is fitted to every place, or to a place and the places inside it; pins beyond
    # those may be cut by the edge, as on any map that goes on past its frame.
    focus = page.locator("#map").get_attribute("data-focus")
    features = json.loads((site / "places.geojson").read_text())["features"]
    names = None if not focus else [focus] + [f["properties"]["name"] for f in features
                                              if f["properties"]["parent"] == focus]
    outside = page.evaluate(CUT_BY_THE_EDGE, names)
    page.close()
    assert outside == []


def test_leaflet_is_fetched_after_the_page_renders_and_only_where_there_is_a_map(reader_site, reader_page):
    site, base = reader_site
    html = (site / "places" / "index.html").read_text()
    assert html.count('rel="stylesheet"') == 1 and "leaflet.js" not in html.split('id="map"')[0]
    page = reader_page
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(base + "places/")
    page.wait_for_selector("#map[data-ready=true]")
    assert sum("/assets/leaflet/" in url for url in fetched) >= 4
    fetched.clear()
    page.goto(base + "tags/")
    page.wait_for_load_state("load")
    assert not any("leaflet" in url for url in fetched)


def test_dark_mode_darkens_the_tiles(reader_site, browser):
    site, base = reader_site
    page = browser.new_page(color_scheme="dark")
    page.goto(base + "places/")
    page.wait_for_selector("#map[data-ready=true]")
    assert "invert(1)" in page.locator(".leaflet-tile-pane").evaluate("e => getComputedStyle(e).filter")
    credit = page.locator(".leaflet-control-attribution")
    assert credit.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(22, 22, 21, 0.85)"  # no bright slab
    page.close()


def test_without_tiles_the_map_shows_the_countries(reader_site, browser):
    site, base = reader_site
    page = browser.new_page()
    page.route(lambda url: "/tile.png?" in url, lambda route: route.abort())  # as offline, or a blocked tile server
    page.goto(base + "places/hajin/")
    page.wait_for_selector("#map[data-outlines=shown]")
    countries = [f["properties"]["name"] for f in json.loads((site / "outlines.geojson").read_text())["features"]]
    assert {"Syria", "Iraq", "Turkey", "Jordan"} <= set(countries) and "Brazil" not in countries  # only the region's
    outlines = page.locator("#map .map-outline")
    assert outlines.count() == len(countries)
    drawn = page.evaluate("""() => { const box = document.getElementById("map").getBoundingClientRect();
        return [...document.querySelectorAll("#map .map-outline")].filter(p => { const r = p.getBoundingClientRect();
          return r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom; }).length; }""")
    assert drawn >= 2  # Syria and Iraq at least, around Hajin
    fill = outlines.first.evaluate("e => getComputedStyle(e).fill")
    page.close()
    assert fill == "rgb(244, 241, 234)"


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

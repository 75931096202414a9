"""axe-core in Chromium: no serious or critical accessibility violation on the main page kinds."""
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

PAGES = {
    "home": "",
    "article": "articles/syria-sdf-resume-the-offensive-against-isis-to-deir-ezzor-clashes-in-hajin/",
    "tag": "tags/sdf/",
    "place": "places/hajin/",
    "places": "places/",
    "archive": "archive/",
    "year": "archive/2018/",
    "search": "search/?q=Hajin",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_violations(reader_site, browser, name, scheme):
    site, base = reader_site
    page = browser.new_page(color_scheme=scheme)
    page.goto(base + PAGES[name])
    if name == "search":
        page.locator("#search-results li").first.wait_for(timeout=10_000)
    if name.startswith("place"):
        page.wait_for_selector("#map[data-ready=true]")
        # Popups fade in; judge their colours once they are fully shown.
        for popup in page.locator(".leaflet-popup").all():
            expect(popup).to_have_css("opacity", "1")
    results = Axe().run(page)
    page.close()
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []

"""Screenshots at phone and desktop widths, light and dark, written to tests/artifacts/ for a
person to look at; and the checks a person would make: nothing wider than the screen, text
large enough to read."""
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).parent / "artifacts"
PAGES = {
    "home": "",
    # every bundled report's date was inferred: the page shows the date's window and note
    "article": "articles/syria-isis-retreats-against-the-sdf-in-hajin-al-hawamah-market-and-hospital-free/",
    "place": "places/hajin/",
    "places": "places/",
    "year": "archive/2018/",
    "day": "archive/2018/12/12/",
    "search-before": "search/",
    "search-after": "search/",  # after typing: see below
    "search-shared": "search/?q=Hajin",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_screenshot_fits_and_is_readable(reader_site, browser, name, width, scheme):
    site, base = reader_site
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.goto(base + PAGES[name])
    if name == "search-after":
        page.locator("#search-q").type("Hajin", delay=30)
    if name in ("search-after", "search-shared"):
        page.locator("#search-results li").first.wait_for(timeout=10_000)
    if name in ("place", "places"):
        page.wait_for_selector("#map[data-ready=true]")
        page.wait_for_timeout(300)  # the clusters' and tiles' fade
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}-{scheme}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    smallest = page.evaluate("""Math.min(...[...document.querySelectorAll('main p, main li, main a, main dd')]
        .filter(e => e.offsetParent !== null && e.textContent.trim())
        .map(e => parseFloat(getComputedStyle(e).fontSize)))""")
    colours = page.evaluate("[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]")
    page.close()
    assert overflow <= 0, f"{overflow}px wider than the screen"
    assert smallest >= 12
    assert colours[0] != colours[1]

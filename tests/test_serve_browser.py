"""In Debian's Chromium: an open page reloads itself after an edit, and a broken file shows
an overlay naming the file and line, which goes away when the file is fixed."""
from playwright.sync_api import expect

from conftest import article


def test_live_reload_and_error_overlay(serve_project, browser):
    root, served = serve_project({"content/a.md": article("Before the edit")})
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(served.url + "articles/a/")
    assert page.locator("h1").inner_text() == "Before the edit"

    (root / "content" / "a.md").write_text(article("After the edit"))
    expect(page.locator("h1")).to_have_text("After the edit", timeout=10_000)

    (root / "content" / "a.md").write_text("---\ntitle: Broken\ntags: [SDF\n---\nText\n")
    overlay = page.locator("#build-error-overlay")
    overlay.wait_for(timeout=10_000)
    assert "content/a.md:3: error: the front matter is not valid YAML" in overlay.inner_text()
    assert page.locator("h1").inner_text() == "After the edit"  # the last good page stays underneath
    # Opaque, so that the page does not show through the message; in either colour scheme.
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        colours = overlay.evaluate("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]")
        assert colours == ["rgb(20, 20, 20)", "rgb(245, 245, 245)"], scheme

    (root / "content" / "a.md").write_text(article("Fixed"))
    expect(page.locator("h1")).to_have_text("Fixed", timeout=10_000)
    assert page.locator("#build-error-overlay").count() == 0
    assert served.process.poll() is None
    assert errors == []
    page.close()

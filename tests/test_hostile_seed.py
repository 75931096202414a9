"""A seed with a script and a javascript: link, imported and built, opened in Chromium:
nothing runs, no dialog opens, and the text is shown as text."""
import shutil
import subprocess
import sys

from conftest import REPO, article
from topicsite.server import serve_in_background

SEED = """ISIS Media Claims Victory In Hajin

<script>alert(1)</script> The post showed a [video](javascript:alert(2)) and <img src=x onerror="alert(3)"> a photo.

The SDF denied the claim near Hajin on Friday, local sources said.
"""


def test_hostile_seed_is_shown_as_text_and_nothing_runs(tmp_path, browser):
    project = tmp_path / "project"
    for name in ("layouts", "static"):
        shutil.copytree(REPO / name, project / name)
    for name in ("gazetteer.toml", "taxonomy.toml", "site.toml"):
        shutil.copy(REPO / name, project / name)
    (project / "seeds").mkdir()
    (project / "seeds" / "hostile.txt").write_text(SEED)
    (project / "content").mkdir()
    (project / "content" / "editor.md").write_text(
        article("Editor's links", body="A [bad link](javascript:alert(4)) and [data](data:text/html,<b>x</b>)."))
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--config", str(project / "site.toml"),
                             "--base-url", "http://127.0.0.1/"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    server = serve_in_background(project / "_site", "/")
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(base + "articles/isis-media-claims-victory-in-hajin/")
        body = page.locator(".body").inner_text()
        assert "<script>alert(1)</script>" in body and "[video](javascript:alert(2))" in body
        assert '<img src=x onerror="alert(3)">' in body
        assert page.locator(".body script, .body img").count() == 0
        page.goto(base + "articles/editor/")
        assert page.locator(".body a", has_text="bad link").count() == 0  # shown as text, not as a link
        page.locator(".body", has_text="bad link").get_by_text("bad link").click()
        page.get_by_text("data", exact=True).click()
        page.wait_for_timeout(300)
        assert dialogs == []
        assert page.url.startswith(base + "articles/editor/")
    finally:
        page.close()
        server.shutdown()

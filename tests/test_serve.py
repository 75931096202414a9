"""`python build.py serve` as a subprocess: every kind of change an editor makes shows up in
the served pages within seconds, nothing stale remains, and errors never stop the server."""
import os
import time

from conftest import article, fetch, wait_for


def page(served, path):
    return fetch(served.url + path)


def test_create_edit_rename_delete_and_atomic_save(serve_project):
    root, served = serve_project({"content/a.md": article("First report", date="2018-12-01", tags="[SDF]")})
    assert served.url.startswith("http://127.0.0.1:") and served.url.endswith("/archive/")
    assert page(served, "articles/a/")[0] == 200

    # create
    (root / "content" / "b.md").write_text(article("Second report", date="2018-12-02", tags="[SDF]"))
    wait_for(lambda: page(served, "articles/b/")[0] == 200)
    assert "Second report" in page(served, "tags/sdf/")[1]

    # edit
    (root / "content" / "b.md").write_text(article("Second report, corrected", date="2018-12-02", tags="[SDF]"))
    wait_for(lambda: "Second report, corrected" in page(served, "articles/b/")[1])

    # rename: the old page goes, the new one comes, lists follow
    os.rename(root / "content" / "b.md", root / "content" / "c.md")
    wait_for(lambda: page(served, "articles/c/")[0] == 200)
    assert page(served, "articles/b/")[0] == 404
    assert "articles/b/" not in page(served, "tags/sdf/")[1] and "articles/c/" in page(served, "tags/sdf/")[1]

    # a new folder with an article in it
    (root / "content" / "more").mkdir()
    (root / "content" / "more" / "d.md").write_text(article("Fourth report", date="2018-11-01", tags="[ISIS]"))
    wait_for(lambda: page(served, "tags/isis/")[0] == 200)

    # an editor's atomic save: write a temporary file, rename it over the original
    temporary = root / "content" / ".a.md.tmp"
    temporary.write_text(article("First report, saved atomically", date="2018-12-01", tags="[SDF]"))
    os.replace(temporary, root / "content" / "a.md")
    wait_for(lambda: "saved atomically" in page(served, "articles/a/")[1])

    # delete: no page, no list, no feed names it any more
    (root / "content" / "c.md").unlink()
    wait_for(lambda: page(served, "articles/c/")[0] == 404)
    for path in ("", "tags/sdf/", "tags/sdf/feed.xml", "feed.xml", "archive/2018/12/", "articles/", "sitemap.xml"):
        assert "articles/c/" not in page(served, path)[1], path
    assert served.process.poll() is None


def test_a_burst_of_saves_causes_one_rebuild_and_temporaries_none(serve_project):
    root, served = serve_project({"content/a.md": article("A")})
    before = served.output.count("Rebuilt")
    for n in range(10):
        (root / "content" / "a.md").write_text(article(f"A, version {n}"))
        time.sleep(0.02)
    wait_for(lambda: "A, version 9" in page(served, "articles/a/")[1])
    time.sleep(1.0)
    assert served.output.count("Rebuilt") == before + 1
    for name in ("a.md.swp", "a.md~", ".#a.md", "4913"):
        (root / "content" / name).write_text("editor scratch")
    time.sleep(1.0)
    assert served.output.count("Rebuilt") == before + 1


def test_a_broken_file_keeps_the_last_good_site_and_the_server_up(serve_project):
    root, served = serve_project({"content/a.md": article("Good title")})
    (root / "content" / "a.md").write_text("---\ntitle: Broken\ntags: [SDF\n---\nText\n")
    wait_for(lambda: "Rebuild failed" in served.output)
    assert "content/a.md:3: error: the front matter is not valid YAML" in served.output
    assert "Good title" in page(served, "articles/a/")[1]

    layout = root / "layouts" / "base.html"
    good_layout = layout.read_text()
    layout.write_text("<html>\n{% if %}\n")
    (root / "content" / "a.md").write_text(article("Fixed title"))
    wait_for(lambda: "layouts/base.html:2: error: template syntax:" in served.output)
    assert "Good title" in page(served, "articles/a/")[1]

    layout.write_text(good_layout)
    wait_for(lambda: "Fixed title" in page(served, "articles/a/")[1])
    assert served.process.poll() is None and "Traceback" not in served.output


def test_settings_gazetteer_taxonomy_and_layouts_are_read_again(serve_project):
    """Each rebuild reads site.toml, the gazetteer, the taxonomy and the layouts afresh."""
    root, served = serve_project({"content/a.md": article("A", date="2018-12-01", locations="[Hajin]", tags="[Daesh]")})
    assert "<title>A · Test Archive</title>" in page(served, "articles/a/")[1]

    config = root / "site.toml"
    config.write_text(config.read_text().replace('title = "Test Archive"', 'title = "The Hajin Files"'))
    wait_for(lambda: "<title>A · The Hajin Files</title>" in page(served, "articles/a/")[1])
    assert "The Hajin Files" in page(served, "")[1] and "The Hajin Files" in page(served, "feed.xml")[1]

    gazetteer = root / "gazetteer.toml"
    gazetteer.write_text(gazetteer.read_text() + '\n[[place]]\nname = "Gharanij"\nkind = "town"\n'
                         'parent = "Deir ez-Zor Governorate"\nlat = 34.9\nlon = 40.5\n')
    (root / "content" / "b.md").write_text(article("B", date="2018-12-02", locations="[Gharanij]"))
    wait_for(lambda: page(served, "places/gharanij/")[0] == 200)

    taxonomy = root / "taxonomy.toml"
    taxonomy.write_text(taxonomy.read_text().replace('name = "ISIS"', 'name = "Islamic State group"')
                        .replace('aliases = ["Islamic State", ', 'aliases = ["ISIS", "Islamic State", ', 1))
    wait_for(lambda: page(served, "tags/islamic-state-group/")[0] == 200)
    assert "articles/a/" in page(served, "tags/islamic-state-group/")[1]

    layout = root / "layouts" / "partials" / "article_item.html"
    layout.write_text(layout.read_text().replace("  </li>", '  <span class="marker">new field</span>\n  </li>'))
    wait_for(lambda: "new field" in page(served, "tags/islamic-state-group/")[1])
    assert served.process.poll() is None and "Traceback" not in served.output


def test_serves_like_github_pages(serve_project):
    root, served = serve_project({"content/a.md": article("A")})
    status, body = page(served, "no/such/page/")
    assert status == 404 and "Page not found" in body
    assert fetch(served.url.replace("/archive/", "/other/"))[0] == 404  # outside the base path
    for attempt in ("../site.toml", "%2e%2e/site.toml", "..%2fsite.toml", "articles/../../site.toml"):
        status, body = page(served, attempt)
        assert status == 404 and 'title = "Test Archive"' not in body, attempt


def test_drafts_are_shown_marked_unless_no_drafts(serve_project):
    files = {"content/a.md": article("Published"), "content/d.md": article("Work in progress", draft="true")}
    root, served = serve_project(files)
    status, body = page(served, "articles/d/")
    assert status == 200 and "Draft: not on the published site" in body
    assert served.stop() == 0


def test_no_drafts_flag_leaves_them_out(serve_project):
    root, served = serve_project({"content/d.md": article("Work in progress", draft="true")}, "--no-drafts")
    assert page(served, "articles/d/")[0] == 404


def test_ctrl_c_stops_cleanly(serve_project):
    root, served = serve_project({"content/a.md": article("A")})
    assert served.stop() == 0
    assert served.output.rstrip().endswith("Stopped.") and "Traceback" not in served.output


def test_the_built_site_never_contains_the_reload_script(serve_project):
    root, served = serve_project({"content/a.md": article("A")})
    assert "__live/reload.js" in page(served, "articles/a/")[1]
    for path in (root / ".cache" / "serve" / "site").rglob("*.html"):
        assert "__live" not in path.read_text()

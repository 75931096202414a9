"""`python build.py check` on small sites: each warning and error, with its exact message."""
import subprocess
import sys

from conftest import REPO, SITE_TOML, article, run_build, tree_digest

LONG_BODY = ("The Syrian Democratic Forces advanced on the town of Hajin on Friday after a week of heavy fighting "
             "with the Islamic State, local sources said, while coalition aircraft struck positions near the "
             "market and the hospital, and civilians fled towards the desert camps in the north of the province.")


def check(root, *args):
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "check", *args, "--config", str(root / "site.toml")],
                            capture_output=True, text=True, cwd=root)
    return result.returncode, result.stdout.strip().split("\n")


def test_a_clean_site_passes(project):
    text = article("A", date="2018-12-01", tags="[SDF]", locations="[Hajin]", summary="What it says.")
    text = text.replace("summary: What it says.", "summary: What it says.\nsource:\n  publisher: SANA\n  url: https://sana.sy/x")
    root = project({"content/a.md": text})
    assert check(root, "--strict") == (0, ["check: 0 errors, 0 warnings"])


def test_unknown_place_and_tag_with_did_you_mean(project):
    root = project({"content/a.md": "---\ntitle: A\ndate: 2018\nlocations:\n  - Hajin\n  - Hajn\ntags: [SDF, SFD]\n---\nx\n"})
    code, lines = check(root)
    assert code == 0
    assert lines == [
        "content/a.md:6: warning: the place 'Hajn' is not in the gazetteer — did you mean 'Hajin'? "
        "If it is a new place, add it to gazetteer.toml: python build.py places prints its entry.",
        "content/a.md:7: warning: the tag 'SFD' is not in the taxonomy — did you mean 'SDF'? "
        "If it is a new tag, add it to taxonomy.toml.",
        "check: 0 errors, 2 warnings"]
    assert check(root, "--strict")[0] == 1


def test_undated_article(project):
    root = project({"content/a.md": article("A")})
    assert check(root)[1] == [
        "content/a.md:1: warning: the article has no date, so it is listed under Undated — "
        "add 'date: YYYY-MM-DD' (or YYYY-MM, or YYYY) when it is known",
        "check: 0 errors, 1 warning"]


def test_likely_duplicate_reports(project):
    root = project({"content/a.md": article("A", date="2018", body=LONG_BODY),
                    "content/b.md": article("B", date="2018", body=LONG_BODY + " Updated on Sunday."),
                    "content/c.md": article("C", date="2018", body="A different report about Baghuz " * 10)})
    assert check(root)[1] == [
        "content/b.md: warning: this report is nearly identical to content/a.md (94% of its wording is the same) "
        "— keep one of them, or set draft: true on the other",
        "check: 0 errors, 1 warning"]


def test_links_to_pages_that_do_not_exist(project):
    body = ("See [the other report](/archive/articles/b/) and [a missing one](/archive/articles/nope/),\n"
            "[a relative one](../b/), [a broken relative one](../gone/), [SDF](/archive/tags/sdf/),\n"
            "[outside](https://example.com/x) and [absolute](https://example.org/archive/places/nowhere/).\n"
            "A misspelt [tag](/archive/tags/sfd/) and [month](/archive/archive/2018/13/).\n")
    root = project({"content/a.md": article("A", date="2018", tags="[SDF]", body=body),
                    "content/b.md": article("B", date="2018")})
    code, lines = check(root)
    assert code == 1
    assert lines == [
        "content/a.md:7: error: the link '/archive/articles/nope/' leads to no page of this site "
        "— correct the address: article pages are /archive/articles/<id>/",
        "content/a.md:8: error: the link '../gone/' leads to no page of this site "
        "— correct the address: article pages are /archive/articles/<id>/",
        "content/a.md:9: error: the link 'https://example.org/archive/places/nowhere/' leads to no page of this site "
        "— correct the address: place pages are /archive/places/<name>/",
        "content/a.md:10: error: the link '/archive/archive/2018/13/' leads to no page of this site "
        "— correct the address: date pages are /archive/archive/<year>/<month>/; did you mean /archive/archive/2018/?",
        "content/a.md:10: error: the link '/archive/tags/sfd/' leads to no page of this site "
        "— correct the address: tag pages are /archive/tags/<name>/; did you mean /archive/tags/sdf/?",
        "check: 5 errors, 0 warnings"]


def test_front_matter_and_config_errors_and_nothing_is_written(project):
    root = project({"content/a.md": "---\ntitle: A\ndate: 2018-02-30\n---\nx\n"},
                   site_toml='title = "T"\nbase_url = "https://example.org/"\n')
    before = tree_digest(root)
    code, lines = check(root)
    assert code == 1
    assert lines == [
        "content/a.md:3: error: impossible date: '2018-02-30' is not a real day: February 2018 has 28 days "
        "— write the date as YYYY, YYYY-MM or YYYY-MM-DD",
        "check: 1 error, 0 warnings"]
    assert tree_digest(root) == before
    (root / "site.toml").write_text('title = "T"\nlanguge = "en"\n')
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "check", "--config", str(root / "site.toml")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.split("\n")[:2] == ["site.toml:2: error: unknown setting 'languge' — did you mean 'language'?",
                                             "check: 1 error; nothing was written."]


def test_places_no_gazetteer_holds_are_listed_with_counts_and_places_prints_their_entries(project):
    village = ("The Syrian Democratic Forces took the village of Tell Zirbawiyeh, east of Hajin, on Monday, after a "
               "night of clashes with ISIS.")
    root = project({"content/a.md": article("A", date="2018-12-10", locations="[Hajin, Tell Zirbawiyeh]", body=village),
                    "content/b.md": article("B", date="2018-12-11", locations="[Tell Zirbawiyeh]",
                                            body="Fighting went on near Tell Zirbawiyeh.")})
    code, lines = check(root)
    assert "gazetteer.toml: warning: 'Tell Zirbawiyeh' is in no gazetteer, and 2 articles name it — add it to "\
           "gazetteer.toml: python build.py places prints its entry" in lines
    assert lines[-1] == "check: 0 errors, 3 warnings"

    places = subprocess.run([sys.executable, str(REPO / "build.py"), "places", "--config", str(root / "site.toml")],
                            capture_output=True, text=True, cwd=root)
    assert places.returncode == 0
    assert places.stdout == (
        "# named in 2 articles: content/a.md, content/b.md\n"
        "[[place]]\n"
        'name = "Tell Zirbawiyeh"\n'
        'kind = "village"\n'
        'parent = "Hajin"  # a guess: the place named beside it most often\n'
        "# lat = 0.0  # fill in both coordinates (decimal degrees) to put it on the maps\n"
        "# lon = 0.0\n")
    with (root / "gazetteer.toml").open("a", encoding="utf-8") as gazetteer:
        gazetteer.write("\n" + places.stdout)
    assert check(root) == (0, ["check: 0 errors, 0 warnings"])
    again = subprocess.run([sys.executable, str(REPO / "build.py"), "places", "--config", str(root / "site.toml")],
                           capture_output=True, text=True, cwd=root)
    assert again.stdout == "# Every place the articles name is in the gazetteer.\n"


def test_strict_asks_every_article_for_a_summary_and_its_source(project):
    complete = article("Full", date="2018", summary="What it says.").replace(
        "summary: What it says.", "summary: What it says.\nsource:\n  publisher: SANA\n  url: https://sana.sy/x")
    root = project({"content/bare.md": article("Bare", date="2018"), "content/full.md": complete})
    assert check(root)[0] == 0  # without --strict, nothing to say
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "check", "--strict", "--config", str(root / "site.toml")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.strip().split("\n") == [
        "content/bare.md:1: warning: the article has no source publisher "
        "— add '  publisher: ' under 'source:', the outlet that published it",
        "content/bare.md:1: warning: the article has no source url — add '  url: ' under 'source:', the report's original address",
        "content/bare.md:1: warning: the article has no summary "
        "— add 'summary: ' with one or two sentences on what the report says",
        "check: 0 errors, 3 warnings"]


def test_an_id_change_warns_until_the_old_id_is_kept_and_then_redirects(project, browser):
    from topicsite.server import serve_in_background

    root = project({"content/hajin-market.md": article("Hajin market freed", date="2018-12-12").replace(
        "title: Hajin market freed", "title: Hajin market freed\nid: hajin-market")})
    assert run_build(root).returncode == 0
    path = root / "content" / "hajin-market.md"
    path.write_text(path.read_text().replace("id: hajin-market", "id: hajin-market-freed"))
    assert check(root) == (0, [
        "content/hajin-market.md:3: warning: the published address /archive/articles/hajin-market/ would disappear: "
        "no article has the id 'hajin-market' any more — if an article's id changed, add 'aliases: [hajin-market]' "
        "to it, so that the old address leads to it; if the article was deleted, this is expected",
        "check: 0 errors, 1 warning"])
    path.write_text(path.read_text().replace("id: hajin-market-freed", "id: hajin-market-freed\naliases: [hajin-market]"))
    assert check(root) == (0, ["check: 0 errors, 0 warnings"])
    assert run_build(root).returncode == 0
    server = serve_in_background(root / "_site", "/archive/")
    base = f"http://127.0.0.1:{server.server_address[1]}/archive/"
    page = browser.new_page()
    try:
        page.goto(base + "articles/hajin-market/")
        page.wait_for_url(base + "articles/hajin-market-freed/")
        assert page.locator("h1").inner_text() == "Hajin market freed"
    finally:
        page.close()
        server.shutdown()


def test_images_and_in_page_anchors_that_lead_nowhere(project):
    body = ("## Fighting in Hajin\n\nSee [the fighting](#fighting-in-hajin), [a slip](#fighting-in-hajn) and [none](#casualties).\n"
            "![Icon](/archive/assets/favicon.svg) ![Misspelt](/archive/assets/favicon.svgz) ![Photo](photo.jpg)\n")
    root = project({"content/a.md": article("A", date="2018-12-01", body=body)})
    code, lines = check(root)
    assert code == 1
    assert lines == [
        "content/a.md:8: error: the link '#casualties' leads to no heading of this article "
        "— an in-page link names a heading's anchor, such as '#fighting-in-hajin'",
        "content/a.md:8: error: the link '#fighting-in-hajn' leads to no heading of this article "
        "— did you mean '#fighting-in-hajin'?",
        "content/a.md:9: error: the image '/archive/assets/favicon.svgz' is not a file of this site "
        "— put the image in static/ and write its address as /archive/assets/<file>; did you mean /archive/assets/favicon.svg?",
        "content/a.md:9: error: the image 'photo.jpg' is not a file of this site "
        "— put the image in static/ and write its address as /archive/assets/<file>",
        "check: 4 errors, 0 warnings"]


def test_dates_in_the_future_or_outside_the_archives_period(project):
    root = project({"content/a.md": article("A", date="2016-05"), "content/b.md": article("B", date="2099-01-02"),
                    "content/c.md": article("C", date="2018-12"), "content/d.md": article("D", date="2017-01-01")},
                   SITE_TOML + 'period = ["2017", "2018"]\n')
    assert check(root)[1] == [
        "content/a.md:3: warning: the date 2016-05 is outside the archive's period, 2017 to 2018 — correct the date, "
        "or remove the 'date:' line if the report's date is not known; 'period' in site.toml sets the range",
        "content/b.md:3: warning: the date 2099-01-02 is in the future — correct the date, "
        "or remove the 'date:' line if the report's date is not known",
        "check: 0 errors, 2 warnings"]
    # Without a period, only the future is suspect.
    (root / "site.toml").write_text(SITE_TOML)
    assert check(root)[1][-1] == "check: 0 errors, 1 warning"
    (root / "site.toml").write_text(SITE_TOML + 'period = ["2018", "2017-06"]\n')
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "check", "--config", str(root / "site.toml")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.split("\n")[0] == (
        "site.toml:6: error: 'period' ends (2017-06) before it begins (2018) — put the earlier date first: "
        "period = [\"2017\", \"2018\"]: the first and the last year (or YYYY-MM, or YYYY-MM-DD) the archive covers")

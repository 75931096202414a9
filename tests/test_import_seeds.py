"""`python build.py import` over a folder of seeds: what one seed cannot show. Furniture is
learned from the site's other seeds, a site's way of writing numeric dates from its other
pages, names the taxonomy lacks are reported with counts, places no gazetteer holds are
written with a warning, and a changed catalogue entry re-imports its seed unless the article
was edited."""
from __future__ import annotations

import re

from conftest import make_project, run_build

PAGE = """\
{tagline}

{headline}

{byline}

{lead}

{body}

{footer}
"""


def seed(headline: str, lead: str, body: str, byline: str = "By a staff reporter",
         tagline: str = "The Jazira Courier", footer: str = "Reporting from the Jazira since 2014") -> str:
    return PAGE.format(tagline=tagline, headline=headline, byline=byline, lead=lead, body=body, footer=footer)


FIRST = seed("SDF Advance On Hajin From The North",
             "The Syrian Democratic Forces advanced on Hajin from the north on Monday after heavy airstrikes, "
             "a spokesman for the National Defence Forces said.",
             "Fighting continued near Al-Bahra, where ISIS had dug tunnels under the main road.")
SECOND = seed("ISIS Retreats Towards Baghuz",
              "ISIS fighters retreated towards Baghuz on Tuesday, leaving heavy weapons behind, according to the "
              "National Defence Forces and local sources.",
              "The coalition struck several positions along the Euphrates during the retreat.")


def catalogue(**entries: dict) -> str:
    return "".join(f'["{name}"]\n' + "".join(f'{k} = "{v}"\n' for k, v in entry.items()) + "\n"
                   for name, entry in entries.items())


def article_text(root, seed_name: str) -> tuple[str, str]:
    path = next(p for p in (root / "content").glob("*.md") if f"seed: {seed_name}" in p.read_text())
    return path.relative_to(root).as_posix(), path.read_text()


def body_of(text: str) -> str:
    return text.split("\n---\n", 1)[1]


def test_lines_that_recur_across_a_sites_seeds_are_its_furniture(project, tmp_path):
    site = catalogue(**{"a.txt": {"url": "https://courier.example/sdf-advance-on-hajin-from-the-north"},
                        "b.txt": {"url": "https://courier.example/isis-retreats-towards-baghuz"}})
    root = project({"seeds/a.txt": FIRST, "seeds/b.txt": SECOND, "seeds/catalogue.toml": site})
    assert run_build(root, "import").returncode == 0
    for name in ("a.txt", "b.txt"):
        _, text = article_text(root, name)
        assert "Reporting from the Jazira since 2014" not in text and "The Jazira Courier" not in text
    # Alone, a seed teaches nothing: its last line reads like the article's.
    alone = make_project(tmp_path / "alone", {"seeds/a.txt": FIRST, "seeds/catalogue.toml": site.split('["b.txt"]')[0]})
    assert run_build(alone, "import").returncode == 0
    assert "Reporting from the Jazira since 2014" in body_of(article_text(alone, "a.txt")[1])


def test_names_the_taxonomy_lacks_are_reported_with_their_counts(project):
    root = project({"seeds/a.txt": FIRST, "seeds/b.txt": SECOND})
    result = run_build(root, "import")
    assert ("taxonomy.toml: warning: 2 articles name 'National Defence Forces', which is not in the taxonomy — "
            "add it as a [[tag]] if it should be a tag, or leave it") in result.stderr
    for name in ("a.txt", "b.txt"):
        assert "National Defence Forces" not in re.search(r"tags:\n((?:- .*\n)*)", article_text(root, name)[1]).group(1)


def test_a_place_no_gazetteer_holds_is_written_with_a_warning(project):
    text = seed("SDF Take Zarqawiyah", "The Syrian Democratic Forces took the village of Zarqawiyah, east of Hajin, "
                "on Sunday after two days of clashes with ISIS.", "The village had been held by ISIS since 2014.")
    root = project({"seeds/z.txt": text})
    result = run_build(root, "import")
    shown, written = article_text(root, "z.txt")
    line = written.split("\n").index("locations:") + 1
    assert "- Zarqawiyah" in written
    assert (f"{shown}:{line}: warning: the village 'Zarqawiyah' (named beside Hajin) is in no gazetteer; its page will "
            "have no map marker — run python build.py places for a gazetteer.toml entry to complete") in result.stderr


def test_a_numeric_date_that_reads_two_ways_is_left_out_with_a_warning(project):
    text = seed("PMU Shell ISIS Near Baghuz", "The Popular Mobilization Units shelled ISIS positions near Baghuz from "
                "Iraqi territory, a PMU statement said.", "The statement did not give casualty figures.",
                byline="Staff reporter | 05/06/18")
    root = project({"seeds/p.txt": text})
    result = run_build(root, "import")
    shown, written = article_text(root, "p.txt")
    assert "\ndate:" not in written
    assert (f"{shown}: warning: the printed date 'Staff reporter | 05/06/18' can be read as 5 June 2018 or 6 May 2018, "
            "and nothing tells which; the article is undated — add the date to catalogue.toml or to the article's "
            "front matter") in result.stderr


def test_a_weekday_or_the_sites_other_dates_tell_which_reading_is_meant(project):
    weekday = seed("PMU Shell ISIS Near Baghuz", "The Popular Mobilization Units shelled ISIS positions near Baghuz "
                   "from Iraqi territory, a PMU statement said.", "The statement did not give casualty figures.",
                   byline="Staff reporter | Tuesday 05/06/18")
    same_site = seed("PMU Shell ISIS Near Hajin", "The Popular Mobilization Units shelled ISIS positions near Hajin "
                     "from Iraqi territory, a PMU statement said.", "The statement gave no figures either.",
                     byline="Staff reporter | 05/06/18")
    other_page = seed("Border Quiet After Shelling", "The border near Al-Qaim was quiet on Friday after a week of "
                      "shelling, Iraqi officials said.", "Patrols continued along the border.",
                      byline="Staff reporter | 23/11/18")
    entries = {name: {"url": f"https://news.example/{name[:-4]}-report-of-the-day"} for name in ("s.txt", "o.txt")}
    root = project({"seeds/w.txt": weekday, "seeds/s.txt": same_site, "seeds/o.txt": other_page,
                    "seeds/catalogue.toml": catalogue(**entries)})
    assert run_build(root, "import").returncode == 0
    assert "date: '2018-06-05'\ndate_basis: printed" in article_text(root, "w.txt")[1]  # 5 June 2018 was a Tuesday
    assert "date: '2018-06-05'\ndate_basis: printed" in article_text(root, "s.txt")[1]  # the site writes 23/11/18
    assert "date: '2018-11-23'\ndate_basis: printed" in article_text(root, "o.txt")[1]


def test_a_catalogue_entry_added_or_changed_later_reimports_the_untouched_seed(project):
    root = project({"seeds/a.txt": FIRST})
    assert run_build(root, "import").returncode == 0
    shown, before = article_text(root, "a.txt")
    (root / "seeds" / "catalogue.toml").write_text(catalogue(**{"a.txt": {"title": "SDF push on Hajin",
                                                                          "date": "2018-12-03"}}))
    result = run_build(root, "import")
    assert f"re-imported {shown}" in result.stdout
    _, after = article_text(root, "a.txt")
    assert "title: SDF push on Hajin" in after and "date: '2018-12-03'" in after
    # Importing again changes nothing.
    assert "0 created, 0 re-imported, 1 unchanged" in run_build(root, "import").stdout
    # Changed again: re-imported again.
    (root / "seeds" / "catalogue.toml").write_text(catalogue(**{"a.txt": {"title": "SDF push on Hajin",
                                                                          "date": "2018-12-04"}}))
    assert f"re-imported {shown}" in run_build(root, "import").stdout
    assert "date: '2018-12-04'" in article_text(root, "a.txt")[1]


def test_a_changed_entry_never_overwrites_an_edited_article(project):
    root = project({"seeds/a.txt": FIRST, "seeds/catalogue.toml": catalogue(**{"a.txt": {"date": "2018-12-03"}})})
    assert run_build(root, "import").returncode == 0
    shown, text = article_text(root, "a.txt")
    edited = text.replace("title: SDF Advance On Hajin From The North", "title: SDF advance on Hajin (corrected)")
    (root / shown).write_text(edited)
    (root / "seeds" / "catalogue.toml").write_text(catalogue(**{"a.txt": {"date": "2018-12-04"}}))
    result = run_build(root, "import")
    assert (root / shown).read_text() == edited
    assert (f"seeds/catalogue.toml:1: warning: the catalogue entry of a.txt changed, but {shown} was edited, so it was "
            f"not re-imported — copy the change into {shown} by hand, or delete {shown} to import the seed afresh") \
        in result.stderr

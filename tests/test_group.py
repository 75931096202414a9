from conftest import REPO
from topicsite.content import Article
from topicsite.dates import PartialDate
from topicsite.gazetteer import load_gazetteer
from topicsite.group import build_archive
from topicsite.taxonomy import load_taxonomy

GAZETTEER = load_gazetteer(REPO / "gazetteer.toml", ("SY", "IQ"), REPO)
TAXONOMY = load_taxonomy(REPO / "taxonomy.toml", REPO)


def art(slug, date=None, tags=(), places=(), draft=False):
    return Article(path=f"content/{slug}.md", slug=slug, title=slug.title(), body="x",
                   date=PartialDate(*date) if date else None, tags=tuple(tags), locations=tuple(places), draft=draft)


def archive(*articles):
    result, problems = build_archive(list(articles), GAZETTEER, TAXONOMY)
    assert problems == []
    return result


def test_articles_newest_first_and_undated_last():
    a = archive(art("old", (2017, 12, 29)), art("undated"), art("month", (2018, 12)), art("day", (2018, 12, 12)))
    assert [x.slug for x in a.articles] == ["month", "day", "old", "undated"]
    assert [x.slug for x in a.undated] == ["undated"]


def test_years_and_months_keep_precision():
    a = archive(art("y", (2018,)), art("m", (2018, 12)), art("d", (2018, 12, 1)))
    year = a.years[0]
    assert year.year == 2018 and {x.slug for x in year.articles} == {"y", "m", "d"}
    assert [(m.month, [x.slug for x in m.articles]) for m in year.months] == [(12, ["m", "d"])]
    assert year.months[0].label == "December 2018"


def test_related_tags_need_two_shared_articles():
    a = archive(art("a", tags=["SDF", "ISIS", "VBIED"]), art("b", tags=["SDF", "ISIS"]), art("c", tags=["SDF", "ATGM"]))
    sdf = next(t for t in a.tags if t.name == "SDF")
    assert [(t.name, n) for t, n in sdf.related] == [("ISIS", 2)]


def test_aliases_are_filed_under_one_tag_with_a_redirect():
    a = archive(art("a", tags=["Daesh"]), art("b", tags=["ISIS", "Islamic State"]))
    assert [(t.name, [x.slug for x in t.articles]) for t in a.tags] == [("ISIS", ["a", "b"])]
    assert {old: t.name for old, t in a.tag_redirects.items()} == {"daesh": "ISIS", "islamic-state": "ISIS"}


def test_place_pages_include_the_places_inside_them():
    a = archive(art("a", places=["Hajin"]), art("b", places=["Baghuz"]), art("c", places=["Al-Qaim"]))
    by_name = {g.name: g for g in a.places}
    assert {x.slug for x in by_name["Deir ez-Zor Governorate"].articles} == {"a", "b"}
    assert [g.name for g in by_name["Deir ez-Zor Governorate"].children] == ["Baghuz", "Hajin"]
    assert by_name["Hajin"].parent.name == "Deir ez-Zor Governorate"
    assert sorted(g.name for g in a.place_roots) == ["Iraq", "Syria"]


def test_an_unknown_place_still_gets_a_page():
    a = archive(art("a", places=["Nowhere Village"]))
    assert [(g.name, g.place.known) for g in a.places] == [("Nowhere Village", False)]


def test_related_articles_prefer_shared_terms_then_nearness_in_date():
    a = archive(art("a", (2018, 12, 1), tags=["SDF"], places=["Hajin"]),
                art("near", (2018, 12, 3), tags=["SDF"]), art("far", (2017, 1, 1), tags=["SDF"]),
                art("both", (2016, 1, 1), tags=["SDF"], places=["Hajin"]), art("none", (2018, 12, 1)))
    assert [x.slug for x in a.related["a"]] == ["both", "near", "far"]


def test_drafts_are_left_out():
    a = archive(art("pub", (2018,), tags=["SDF"]), art("draft", (2018,), tags=["ISIS"], draft=True))
    assert [x.slug for x in a.articles] == ["pub"] and [t.name for t in a.tags] == ["SDF"]


def test_previous_and_next_in_time():
    a = archive(art("a", (2018, 1, 1)), art("b", (2018, 2, 1)), art("c", (2018, 3, 1)))
    assert a.previous["b"].slug == "a" and a.following["b"].slug == "c" and "a" not in a.previous

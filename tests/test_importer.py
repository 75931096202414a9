"""The importer on the five bundled seeds and on the file system: exact titles, summaries,
places and tags; nothing from comments or page furniture anywhere in the built site; every
article paragraph kept; importing is idempotent and never overwrites an editor's work."""
from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys

import pytest

from conftest import REPO, tree_digest
from test_site import copy_project

SEEDS = REPO / "seeds"

# Per seed: title, summary, places and tags that must be found, ones that must not (they are
# only in the comments), and the file lines (1-based) that hold the article's paragraphs.
EXPECTED = {
    "000_284981362ede0dad.txt": dict(
        title="US-backed Forces Withdraw From Several Positions Around Hajin Town",
        summary="On December 29, the US-backed Syrian Democratic Forces (SDF) withdrew from several positions "
                "around the last stronghold of ISIS on the eastern bank of the Euphrates River, Hajin town, "
                "following a counter attack of ISIS, according to local sources.",
        places={"Hajin", "Euphrates"}, tags={"ISIS", "SDF", "Amaq", "VBIED", "ATGM"},
        not_tags={"Syrian Army"}, paragraphs=[6, 8, 10, 12, 14], comments_from=18, date="2017-12-29"),
    "001_8d227281d2c70c04.txt": dict(
        title="Syria, Isis retreats against the SDF in Hajin. Al-Hawamah, market and hospital freed",
        summary="The SDF advance against Isis within Hajin. Jazeera Storm drives out the Islamic State from "
                "Al-Hawamah, the market and hospital areas in the stronghold at Deir Ezzor",
        places={"Hajin", "Al-Hawamah", "Deir ez-Zor"},
        tags={"ISIS", "SDF", "Operation Roundup", "International Coalition", "Abu Bakr al-Baghdadi"},
        not_tags=set(), paragraphs=[9, 11, 13, 15, 17], comments_from=None, date="2018-12-12"),
    "002_02eff3309044f636.txt": dict(
        title="Syria, SDF resume the offensive against Isis to Deir Ezzor: clashes in Hajin",
        summary="The SDF have resumed their progress against Isis at Deir Ezzor, are ongoing violent clashes "
                "between Jazeera Storm and Islamic State at the outskirts of Hajin",
        places={"Hajin", "Deir ez-Zor", "Baghuz", "Gharanij", "Al Tanf", "Sha'fah"},
        tags={"ISIS", "SDF", "Syrian Army", "PMU", "Operation Roundup", "Maghaweir al-Thowra", "International Coalition"},
        not_tags=set(), paragraphs=[7, 9, 11], comments_from=None, date="2018-11-26"),
    "003_1b63410c73f9c8ac.txt": dict(
        title="Syria, Isis militiamen are trying to escape from Hajin to avoid the SDF offensive",
        summary="More and-more militiamen of the Islamic State try to escape from Hajin, at Deir Ezzor, as the "
                "SDF prepare to attack it and the International Coalition intensifies the air raids",
        places={"Hajin", "Deir ez-Zor", "Abu Kamal", "Quneitra", "Suweida", "Badia"},
        tags={"ISIS", "SDF", "Syrian Army", "Operation Roundup", "International Coalition"},
        not_tags=set(), paragraphs=[9, 11, 13], comments_from=None, date="2018-08-01"),
    "004_758c96a7a2258215.txt": dict(
        title="Iraqi Popular Mobilization Units Deploy Reinforcements On Border With Syria Amid Large ISIS "
              "Attack On SDF In Euphrates Valley",
        summary="The large-scale ISIS attack on positions of the US-backed Syrian Democratic Forces (SDF) in the "
                "area of Hajin in the Syrian province of Deir Ezzor has triggered a serious concern among Iraqi "
                "military leadership.",
        places={"Hajin", "Deir ez-Zor", "Euphrates"}, tags={"ISIS", "SDF", "PMU", "International Coalition"},
        not_tags={"Syrian Army", "ATGM", "Airstrikes"}, paragraphs=[1, 2, 3, 4, 5], comments_from=6,
        date="2018-10-29", not_places={"Abu Kamal", "Al Tanf", "Al-Hasakah"}),
}
FURNITURE = ["skip to Main Content", "Back To Top", "Illustrative image"]
COMMENTER_NAMES = ["Barba_Papa", "Xanatos"]


def seed_lines(name: str) -> list[str]:
    return (SEEDS / name).read_text(encoding="utf-8").split("\n")


def front_matter(path):
    import yaml
    return yaml.safe_load(path.read_text(encoding="utf-8").split("\n---\n")[0].removeprefix("---\n"))


def text_of(page: str) -> str:
    """What a reader sees: tags removed, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("import") / "project")
    shutil.rmtree(project / "content")
    result = subprocess.run([sys.executable, "build.py", "--base-url", "https://user.github.io/repo/"],
                            cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    articles = {front_matter(p)["source"]["seed"]: p for p in (project / "content").glob("*.md")}
    return project, articles


@pytest.mark.parametrize("seed", EXPECTED)
def test_each_seed_becomes_a_clean_article(imported, seed):
    project, articles = imported
    expected = EXPECTED[seed]
    meta = front_matter(articles[seed])
    assert meta["title"] == expected["title"]
    assert meta["summary"] == expected["summary"]
    assert meta["date"] == expected["date"] and meta["date_basis"] == "inferred"
    assert expected["places"] <= set(meta["locations"])
    assert not expected.get("not_places", set()) & set(meta["locations"])
    assert expected["tags"] <= set(meta["tags"])
    assert not expected["not_tags"] & set(meta["tags"])
    assert meta["source"]["seed"] == seed and len(meta["source"]["sha256"]) == 64


@pytest.mark.parametrize("seed", EXPECTED)
def test_every_article_paragraph_is_kept_in_order(imported, seed):
    project, articles = imported
    meta = front_matter(articles[seed])
    page = (project / "_site" / "articles" / meta["id"] / "index.html").read_text(encoding="utf-8")
    body = text_of(page.split('<div class="body">')[1].split("</div>")[0])
    lines = seed_lines(seed)
    positions = [body.find(re.sub(r"\s+", " ", lines[n - 1].strip())) for n in EXPECTED[seed]["paragraphs"]]
    assert -1 not in positions and positions == sorted(positions)


def test_no_comment_or_furniture_line_survives_anywhere_in_the_site(imported):
    project, _ = imported
    site_text = " ".join(text_of(p.read_text(encoding="utf-8")) for p in (project / "_site").rglob("*")
                         if p.suffix in (".html", ".xml"))
    leaked = []
    for seed, expected in EXPECTED.items():
        if expected["comments_from"]:
            for line in seed_lines(seed)[expected["comments_from"] - 1:]:
                line = re.sub(r"\s+", " ", line.strip().lstrip("• "))
                if len(line) >= 15 and line in site_text:
                    leaked.append(line)
    leaked += [line for line in FURNITURE + COMMENTER_NAMES if line.lower() in site_text.lower()]
    assert leaked == []


def test_place_pages_show_coordinates_and_parent(imported):
    project, _ = imported
    for slug, parent in [("hajin", "Deir ez-Zor Governorate"), ("deir-ez-zor", "Deir ez-Zor Governorate"),
                         ("abu-kamal", "Deir ez-Zor Governorate"), ("baghuz", "Deir ez-Zor Governorate"),
                         ("gharanij", "Deir ez-Zor Governorate"), ("al-tanf", "Homs Governorate"),
                         ("quneitra", "Quneitra Governorate"), ("suweida", "Suweida Governorate"),
                         ("al-hawamah", "Hajin")]:
        page = text_of((project / "_site" / "places" / slug / "index.html").read_text(encoding="utf-8"))
        assert f"In {parent}" in page, slug
        assert re.search(r"Coordinates \d+\.\d{4}° N, \d+\.\d{4}° E", page), slug


def test_canonical_actor_tags_have_pages_and_aliases_do_not(imported):
    project, _ = imported
    tags = {p.name for p in (project / "_site" / "tags").iterdir() if p.is_dir()}
    assert {"isis", "sdf", "syrian-army", "pmu", "international-coalition", "operation-roundup",
            "maghaweir-al-thowra", "abu-bakr-al-baghdadi"} <= tags
    assert not tags & {"daesh", "islamic-state", "is", "saa", "jazeera-storm", "syrian-democratic-forces"}


def test_importing_twice_changes_nothing(imported):
    project, _ = imported
    before = tree_digest(project / "content")
    result = subprocess.run([sys.executable, "build.py", "import"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0
    assert "Import: 0 created, 0 re-imported, 5 unchanged, 0 warnings" in result.stdout
    assert tree_digest(project / "content") == before


def test_an_edited_article_is_never_overwritten(tmp_path):
    project = copy_project(tmp_path / "project")
    article = next(p for p in (project / "content").glob("*.md") if "000_" in p.read_text())
    edited = article.read_text().replace("title: US-backed Forces", "title: Corrected: US-backed Forces")
    article.write_text(edited)
    seed = project / "seeds" / "000_284981362ede0dad.txt"
    seed.write_text(seed.read_text() + "\nA late correction from the publisher.\n")
    result = subprocess.run([sys.executable, "build.py", "import"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0
    assert article.read_text() == edited
    shown = article.relative_to(project).as_posix()
    assert (f"seeds/000_284981362ede0dad.txt: warning: the seed changed, but {shown} was edited, so it was not "
            f"re-imported — merge the change by hand, or delete {shown} to import the seed afresh") in result.stderr


def test_a_changed_seed_whose_article_is_untouched_is_reimported(tmp_path):
    project = copy_project(tmp_path / "project")
    article = next(p for p in (project / "content").glob("*.md") if "002_" in p.read_text())
    seed = project / "seeds" / "002_02eff3309044f636.txt"
    seed.write_text(seed.read_text().replace("Back To Top", "The offensive continued on Monday.\n\nBack To Top"))
    result = subprocess.run([sys.executable, "build.py", "import"], cwd=project, capture_output=True, text=True)
    assert "Import: 0 created, 1 re-imported, 4 unchanged" in result.stdout
    assert "The offensive continued on Monday." in article.read_text()
    assert (REPO / "seeds" / seed.name).read_bytes() != seed.read_bytes()  # the copy changed, not the repo's


def test_seeds_are_never_modified(imported):
    project, _ = imported
    assert tree_digest(project / "seeds") == tree_digest(SEEDS)

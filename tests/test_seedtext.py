"""The importer on raw articles in layouts the bundled seeds do not show. Each case gives
the exact title, summary, places, main tags and date, the lines that must be dropped and
the paragraphs that must be kept."""
from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from conftest import REPO
from topicsite.gazetteer import load_gazetteer
from topicsite.importer import import_text
from topicsite.taxonomy import load_taxonomy

RAW = Path(__file__).parent / "raw"

CASES = {
    "dateline.txt": dict(
        title="SDF Repel ISIS Counter-Attack Near Hajin Amid Sandstorm", date="2018-10-28",
        summary="Fighters of the Syrian Democratic Forces repelled a large ISIS counter-attack on their positions "
                "near Gharanij on Saturday, as a sandstorm grounded coalition aircraft.",
        places={"Hajin", "Gharanij", "Al-Bahra"}, tags={"SDF", "ISIS", "VBIED", "International Coalition"},
        dropped=["Share this:", "Facebook", "Twitter", "DEIR EZ-ZOR (OCTOBER 28, 2018)"],
        kept=["According to local sources, ISIS used at least two VBIEDs", "The International Coalition resumed airstrikes"]),
    "byline.txt": dict(
        title="Iraqi Forces Reinforce Border Near Al-Qaim", date="2018-06-04",
        summary="Iraqi Security Forces and the Popular Mobilization Units have sent reinforcements to the border "
                "near Al-Qaim, across from Abu Kamal in Syria.",
        places={"Al-Qaim", "Abu Kamal", "Hajin", "Euphrates"}, tags={"PMU", "ISIS", "Iraqi Security Forces"},
        dropped=["By Ahmad Khalil", "Monday 4 June 2018", "Advertisement"],
        kept=["The move follows reports", "Officials in Baghdad did not say"]),
    "title_twice.txt": dict(
        title="Syria, the Coalition strikes Isis positions in Sha'fah", date=None,
        summary="Inherent Resolve hits the jihadists south of Hajin, near Sha’Fah and Al-Susah",
        places={"Sha'fah", "Al-Susah", "Hajin", "Baghuz"}, tags={"International Coalition", "ISIS", "SDF"},
        dropped=["Syria, The Coalition Strikes Isis Positions In Sha'Fah", "Share on Facebook", "Back To Top",
                 "skip to Main Content"],
        kept=["The aircraft of the International Coalition struck", "Meanwhile, the Syrian Democratic Forces"],
        headings=["The SDF prepare to push towards Baghuz"]),
    "donation.txt": dict(
        title="ISIS Claims Attack On Syrian Army In Badia Desert", date=None,
        summary="ISIS claimed on Sunday that its fighters killed several soldiers of the Syrian Arab Army in an "
                "ambush in the Badia desert near Al Tanf.",
        places={"Badia", "Al Tanf"}, tags={"ISIS", "Syrian Army", "Amaq"},
        dropped=["please consider supporting us", "Donate", "Support us on Patreon", "Subscribe to our newsletter"],
        kept=["The Amaq news agency released photos", "The Syrian Army has been combing the desert"]),
    "comment_form.txt": dict(
        title="Maghaweir al-Thowra Patrols Strip Around Al Tanf", date=None,
        summary="Fighters of Maghaweir al-Thowra, supported by the US-led coalition, patrol the 55-kilometre "
                "deconfliction zone around Al Tanf to stop ISIS infiltration.",
        places={"Al Tanf", "Badia"}, tags={"Maghaweir al-Thowra", "International Coalition", "ISIS"},
        dropped=["Leave a Reply", "Your email address", "Post Comment", "Great article, keep it up!", "Name *"],
        kept=["The group said it had arrested three suspected members"]),
    "no_title.txt": dict(
        title="Fighters of the Syrian Democratic Forces entered the centre of Hajin on Friday after weeks of "
              "heavy fighting with ISIS", title_inferred=True, date=None,
        summary="Fighters of the Syrian Democratic Forces entered the centre of Hajin on Friday after weeks of "
                "heavy fighting with ISIS.",
        places={"Hajin", "Euphrates", "Sha'fah", "Al-Susah"}, tags={"SDF", "ISIS", "Operation Roundup", "IEDs"},
        dropped=[], kept=["The town had been the group's last urban stronghold", "Coalition airstrikes continued"]),
    "arabic_caption.txt": dict(
        title="Civilians Flee Hajin As Fighting Intensifies", date=None,
        summary="Hundreds of civilians have fled Hajin towards SDF-held areas as fighting between the Syrian "
                "Democratic Forces and ISIS intensified, aid groups said.",
        places={"Hajin", "Al-Hasakah"}, tags={"SDF", "ISIS"},
        dropped=["مدنيون يفرون من هجين", "Photo: civilians leaving Hajin"],
        kept=["Many of them crossed the desert on foot"]),
    "single_newline.txt": dict(
        title="PMU Shell ISIS Positions Across The Border", date="2019-01-23",
        summary="The Popular Mobilization Units shelled ISIS positions near Baghuz from Iraqi territory, according "
                "to a statement of the Hashd al-Sha'abi.",
        places={"Baghuz", "Euphrates"}, tags={"PMU", "ISIS", "SDF", "Artillery"},
        dropped=["This is just propaganda!", "Who believes them?", "lol the PMU again", "Not again."],
        kept=["The artillery strikes hit positions", "The SDF said the operation would end within weeks."]),
    "hard_wrapped.txt": dict(
        title="Airstrikes Hit ISIS Command Post In Hajin", date=None,
        summary="The International Coalition said on Tuesday that its airstrikes had destroyed an ISIS command "
                "post in Hajin, killing several commanders of the group.",
        places={"Hajin", "Al-Bahra"}, tags={"International Coalition", "ISIS", "VBIED", "SDF"},
        not_places={"Hit"}, dropped=[],
        kept=["The strikes were carried out in support of the Syrian Democratic Forces.",
              "A spokesman for Operation Inherent Resolve said the post had been used to plan VBIED attacks"]),
    "script.txt": dict(
        title="ISIS Media Claims <script>alert(1)</script> Victory In *Hajin*", date=None,
        summary='A post by the ISIS media office claimed a "victory" near Hajin, with a [link](javascript:alert(1)) '
                'to a video and the text <b>bold</b> & more.',
        places={"Hajin"}, tags={"ISIS", "SDF"}, dropped=[],
        kept=["[link](javascript:alert(1))", "<b>bold</b> & more", "# Not a heading: the SDF said 1. that"]),
}


@pytest.fixture(scope="module")
def parts():
    return (load_gazetteer(REPO / "gazetteer.toml", ("SY", "IQ"), REPO), load_taxonomy(REPO / "taxonomy.toml", REPO))


def rendered_text(body: str) -> str:
    """The body as a reader sees it once Markdown has rendered it."""
    import html
    page = markdown.markdown(body)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.mark.parametrize("name", CASES)
def test_raw_article_in_another_layout(parts, name):
    gazetteer, taxonomy = parts
    case = CASES[name]
    result = import_text((RAW / name).read_text(encoding="utf-8"), {}, gazetteer, taxonomy)
    assert result.title == case["title"]
    assert result.title_inferred == case.get("title_inferred", False)
    assert result.summary == case["summary"]
    assert (result.date.iso() if result.date else None) == case["date"]
    assert case["places"] <= set(result.locations)
    assert not case.get("not_places", set()) & set(result.locations)
    assert case["tags"] <= set(result.tags)
    text = rendered_text(result.body)
    for line in case["dropped"]:
        assert line not in text and line not in result.summary, line
    for line in case["kept"]:
        assert line in text, line


def test_sub_headings_become_level_two_headings(parts):
    result = import_text((RAW / "title_twice.txt").read_text(encoding="utf-8"), {}, *parts)
    assert "## The SDF prepare to push towards Baghuz" in result.body.split("\n")


def test_raw_html_and_markdown_stay_text(parts):
    result = import_text((RAW / "script.txt").read_text(encoding="utf-8"), {}, *parts)
    page = markdown.markdown(result.body)
    assert "<b>" not in page and "<script" not in page and 'href="javascript' not in page and "<h1" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_a_year_is_never_invented(parts):
    text = ("Fighting Near Hajin\n\nOn December 29, the SDF attacked Hajin. The analysis was originally released "
            "on August 27, 2017. Strikes took place between the 23rd and 29th July.\n")
    result = import_text(text, {}, *parts)
    assert result.date is None


def test_the_catalogue_overrides_what_the_text_says(parts):
    text = (RAW / "dateline.txt").read_text(encoding="utf-8")
    result = import_text(text, {"title": "Catalogue headline", "date": "2018-10", "date_basis": "inferred"}, *parts)
    assert result.title == "Catalogue headline" and result.date.iso() == "2018-10" and result.date_basis == "inferred"

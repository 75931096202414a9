"""The importer on the page structures that the development corpus (bench/pages/) showed it
failing on, one fixture of our own for each: headlines under taglines, banners, section labels,
ID lines and markup; share, print, app and follow-us lines, comment counters, credits and
captions; dates in bylines, glued to an agency, numeric with a two-digit year, or on a weekday
line; villages in lists, spelling variants, governorates, small towns.

Each case asserts the exact headline, date, summary, first and last paragraph and places."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from test_seedtext import rendered_text
from topicsite.gazetteer import load_gazetteer
from topicsite.importer import import_text
from topicsite.taxonomy import load_taxonomy

RAW = Path(__file__).parent / "raw"

CASES = {
    # --- headlines -------------------------------------------------------------------------
    "tagline.txt": dict(
        title="SDF Fighters Reach The Edge Of Hajin After Night Assault", date="2018-12-03",
        summary="Fighters of the Syrian Democratic Forces reached the northern edge of Hajin before dawn on Monday, "
                "after a night assault that began near the village of Al-Bahra, local sources said.",
        first="Fighters of the Syrian Democratic Forces reached", last="Residents who fled towards Al-Susah said the town "
              "was almost empty.", places={"Hajin", "Al-Bahra", "Gharanij", "Al-Susah"},
        dropped=["Euphrates Monitor — independent news from eastern Syria", "Home | Syria | Iraq | Opinion",
                 "By Karim Haddad"]),
    "gov_banner.txt": dict(
        title="Coalition Strikes Continue Against ISIS Near Hajin", date="2018-11-09",
        summary="Coalition military forces conducted 23 strikes consisting of 41 engagements against ISIS targets in "
                "Syria between Nov. 5 and Nov. 8.",
        first="SOUTHWEST ASIA - Coalition military forces conducted", last="Near Abu Kamal, four strikes destroyed an "
              "ISIS headquarters and a vehicle bomb factory.", places={"Hajin", "Abu Kamal"},
        dropped=["An official website of the United States government", "Here's how you know", "Official websites use",
                 "safely connected", "Press Release", "Release # 20181109-02"]),
    "section_label.txt": dict(
        title="Aid Convoy Reaches Displaced Families In Deir ez-Zor Desert", date=None,
        summary="A convoy of 30 trucks carrying food and blankets reached families displaced from the Hajin pocket on "
                "Wednesday, the Kurdish Red Crescent said.",
        first="A convoy of 30 trucks", last="More than 10,000 people have left the area since the start of December.",
        places={"Deir ez-Zor", "Hajin", "Al-Hasakah"}, dropped=["News / Middle East / Syria", "World"]),
    "page_id.txt": dict(
        title="Iraqi Border Guards Seize Weapons Cache Near Al-Qaim", date="2018-12-02",
        summary="Iraqi border guards seized a cache of rockets and explosives in the desert south of Al-Qaim on Sunday, "
                "the Iraqi Security Forces said in a statement.",
        first="Iraqi border guards seized a cache", last="The cache was hidden in a dry riverbed about 10 kilometres "
              "from the border with Syria, the statement said.", places={"Al-Qaim", "Syria"},
        dropped=["Article ID: 482913", "News Code: 18-55021", "Image ID: 77120-b", "read 1,204 times"]),
    "markup_fragment.txt": dict(
        title="ISIS Claims Drone Attack On SDF Base Near Baghuz", date=None,
        summary="ISIS said on Saturday that its fighters had used a drone to drop explosives on a base of the Syrian "
                "Democratic Forces near Baghuz.",
        first="ISIS said on Saturday", last="The SDF did not comment on the claim, which was published by the Amaq agency.",
        places={"Baghuz"}, dropped=["font-family", "data-id", "string(412)", "Related video"]),
    # --- furniture and comments --------------------------------------------------------------
    "share_print.txt": dict(
        title="SDF Say Hajin Market Is Under Their Control", date=None,
        summary="The Syrian Democratic Forces said on Tuesday that they had taken the market of Hajin, the largest in "
                "the town, after three days of street fighting with ISIS.",
        first="The Syrian Democratic Forces said on Tuesday", last="The coalition said its aircraft had struck 14 ISIS "
              "positions around the market during the fighting.", places={"Hajin"},
        dropped=["Tweet", "Print", "A A A", "Text size", "Share on WhatsApp", "Email this article", "Listen to this"]),
    "app_follow.txt": dict(
        title="Syrian Army Reinforces Positions West Of The Euphrates", date=None,
        summary="The Syrian Army has sent reinforcements to its positions on the western bank of the Euphrates "
                "opposite Hajin, a military source said on Thursday.",
        first="The Syrian Army has sent reinforcements", last="The reinforcements include tanks and artillery, the "
              "source said, as fighting continues on the eastern bank.", places={"Euphrates", "Hajin"},
        dropped=["Download our app", "Follow us on Telegram", "App Store", "Join us on Facebook"]),
    "comment_counter.txt": dict(
        title="Civilians Trapped In Hajin As Fighting Intensifies", date=None,
        summary="Thousands of civilians remain trapped inside Hajin, where ISIS is preventing people from leaving, "
                "the Syrian Observatory for Human Rights said on Friday.",
        first="Thousands of civilians remain trapped", last="Those who managed to escape described food shortages and "
              "constant shelling around Al-Susah.", places={"Hajin", "Al-Susah"},
        dropped=["One Comment", "Sami_K", "nobody cares", "Reply", "Be the first to comment", "Leave a Reply"]),
    "photo_credit.txt": dict(
        title="Iraqi PMU Send Reinforcements To The Syrian Border", date=None,
        summary="The Popular Mobilization Units have sent thousands of fighters to the Iraqi side of the border with "
                "Syria, fearing that ISIS could cross from the Hajin pocket, a PMU commander said on Monday.",
        first="The Popular Mobilization Units have sent", last="The commander said the units would stay at the border "
              "until the threat was over.", places={"Hajin"},
        dropped=["(Photo: AFP)", "Photo credit: Ali Hassan", "IMG_20181029_0815.jpg", "REUTERS/Stringer",
                 "watches the border from a sand berm"]),
    "caption_summary.txt": dict(
        title="SDF Fighters Clear Mines From The Streets Of Hajin", date=None,
        summary="Engineering teams of the Syrian Democratic Forces began clearing mines and improvised explosive "
                "devices from the streets of Hajin on Sunday, two days after the town was taken from ISIS.",
        first="Engineering teams of the Syrian Democratic Forces", last="Hundreds of devices had been planted in houses "
              "and along the main road, an SDF commander said.", places={"Hajin"},
        dropped=["walks past a destroyed building"]),
    # --- dates -------------------------------------------------------------------------------
    "byline_published.txt": dict(
        title="Coalition Says ISIS Lost Half Its Fighters In Hajin Pocket", date="2018-12-18",
        summary="The International Coalition said on Tuesday that ISIS had lost about half of its fighters in the Hajin "
                "pocket since September, when Operation Roundup began.",
        first="The International Coalition said on Tuesday", last="About 2,000 fighters are believed to remain in the "
              "villages between Hajin and Baghuz, a coalition spokesman said.", places={"Hajin", "Baghuz"},
        dropped=["By Laila Mansour", "4 min read"]),
    "agency_glued.txt": dict(
        title="ISIS Counter-Attack Repelled Near Gharanij", date="2018-12-12",
        summary="The Syrian Democratic Forces repelled an ISIS counter-attack near Gharanij overnight, a war monitor "
                "said on Wednesday.",
        first="DEIR EZ-ZOR (AFP)Dec 12, 2018 – The Syrian Democratic Forces repelled", last="At least 15 fighters were "
              "killed on both sides, according to the Syrian Observatory for Human Rights.",
        places={"Gharanij", "Deir ez-Zor"}, dropped=[]),
    "numeric_short_year.txt": dict(
        title="PMU Shells ISIS Positions Inside Syria", date="2018-11-23",
        summary="The Popular Mobilization Units shelled ISIS positions across the border in the Hajin pocket on "
                "Thursday, a PMU statement said.",
        first="The Popular Mobilization Units shelled", last="The shelling targeted a command post and a weapons depot "
              "near Baghuz, the statement said.", places={"Hajin", "Baghuz"}, dropped=["Staff reporter | 23/11/18"]),
    "weekday_time.txt": dict(
        title="Sandstorm Grounds Coalition Aircraft Over Hajin", date="2018-10-27",
        summary="A sandstorm swept across the Euphrates valley on Saturday, grounding coalition aircraft as ISIS "
                "attacked positions of the Syrian Democratic Forces around Hajin.",
        first="A sandstorm swept across", last="The attack was the largest in months, SDF commanders said.",
        places={"Hajin", "Euphrates"}, dropped=["Saturday, 27 October 2018 14:35"]),
    # --- places ------------------------------------------------------------------------------
    "village_list.txt": dict(
        title="SDF Retake Villages Lost In ISIS Counter-Attack", date=None,
        summary="The Syrian Democratic Forces retook the villages of Al-Marashidah, Umm Shwayt, Zarqawiyah and Bir "
                "Bawshir on Sunday, a week after losing them in an ISIS counter-attack, the SDF said.",
        first="The Syrian Democratic Forces retook", last="Fighting continued near the village of Tell Jawadah, about 5 km "
              "east of Hajin, and in the town of Safafinah.",
        places={"Hajin", "Al-Marashidah", "Umm Shwayt", "Zarqawiyah", "Bir Bawshir", "Tell Jawadah", "Safafinah"},
        unresolved={"Al-Marashidah": "village", "Umm Shwayt": "village", "Zarqawiyah": "village",
                    "Bir Bawshir": "village", "Tell Jawadah": "village", "Safafinah": "town"}, dropped=[]),
    "spelling_variants.txt": dict(
        title="Fighting Spreads From Hajjin To Baghouz", date=None,
        summary="Clashes spread on Friday from Hajjin to Baghouz, on the border with Iraq, as ISIS fighters tried to "
                "break the siege of their last pocket.",
        first="Clashes spread on Friday", last="Refugees reached Raqqah and Deir Ezzor in the following days.",
        places={"Hajin", "Baghuz", "Iraq", "Sha'fah", "Al-Mayadin", "Raqqa", "Deir ez-Zor"}, dropped=[]),
    "iraq_governorates.txt": dict(
        title="Iraq Moves Troops From Nineveh Province To Anbar", date=None,
        summary="Iraq has moved troops from Nineveh province to Anbar, on the border with Syria, after reports that "
                "ISIS cells had crossed from the Hajin pocket, the Joint Operations Command said on Saturday.",
        first="Iraq has moved troops", last="Units from Kirkuk and from Salah al-Din province were also sent to the "
              "towns of Rawa and Al-Qaim.",
        # Anbar is the parent of Rawah and Al-Qaim, and Syria of Hajin: the precise names are kept.
        places={"Nineveh Governorate", "Hajin", "Kirkuk", "Saladin Governorate", "Rawah", "Al-Qaim"}, dropped=[]),
}


@pytest.fixture(scope="module")
def parts():
    return (load_gazetteer(REPO / "gazetteer.toml", ("SY", "IQ"), REPO), load_taxonomy(REPO / "taxonomy.toml", REPO))


@pytest.mark.parametrize("name", CASES)
def test_each_page_structure(parts, name):
    case = CASES[name]
    result = import_text((RAW / name).read_text(encoding="utf-8"), {}, *parts)
    paragraphs = [rendered_text(block).strip() for block in result.body.split("\n\n") if block.strip()]
    assert result.title == case["title"]
    assert (result.date.iso() if result.date else None) == case["date"]
    assert result.date_basis == ("printed" if case["date"] else "")
    assert result.summary == case["summary"]
    assert paragraphs[0].startswith(case["first"])
    assert paragraphs[-1] == case["last"]
    assert set(result.locations) == case["places"]
    assert {u.name: u.kind for u in result.unresolved} == case.get("unresolved", {})
    text = " ".join(paragraphs)
    for line in case["dropped"]:
        assert line not in text and line not in result.summary, line

import pytest

from conftest import REPO
from topicsite.errors import BuildFailed
from topicsite.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(REPO / "taxonomy.toml", REPO)


@pytest.mark.parametrize("alias, tag", [
    ("Islamic State", "ISIS"), ("Daesh", "ISIS"), ("ISIL", "ISIS"), ("IS", "ISIS"),
    ("Syrian Democratic Forces", "SDF"), ("Arab-Kurdish forces", "SDF"), ("SAA", "Syrian Army"),
    ("Hashd al-Sha'abi", "PMU"), ("Popular Mobilization Forces", "PMU"), ("Inherent Resolve", "International Coalition"),
    ("Jazeera Storm", "Operation Roundup"), ("Cizire Storma", "Operation Roundup"), ("daesh", "ISIS"),
])
def test_aliases_file_under_the_canonical_tag(taxonomy, alias, tag):
    assert taxonomy.canonical(alias) == tag


def test_short_acronyms_match_only_in_capitals_as_whole_words(taxonomy):
    assert "ISIS" not in taxonomy.find_in("This is what it is.")
    assert "ISIS" in taxonomy.find_in("IS fighters attacked.")
    assert "Syrian Army" not in taxonomy.find_in("the saas of a region")


def test_curly_apostrophes_and_hyphens_match(taxonomy):
    assert "PMU" in taxonomy.find_in("militias Hashd Al-Sha’abi have")
    assert "SDF" in taxonomy.find_in("the Arab Kurdish forces")


def test_an_alias_listed_under_two_tags_is_an_error(tmp_path):
    path = tmp_path / "taxonomy.toml"
    path.write_text('[[tag]]\nname = "A"\naliases = ["X"]\n\n[[tag]]\nname = "B"\naliases = ["x"]\n')
    with pytest.raises(BuildFailed) as err:
        load_taxonomy(path, tmp_path)
    assert [str(p) for p in err.value.problems] == [
        "taxonomy.toml:5: error: 'x' is listed for both 'A' and 'B' — keep it under one tag only"]


@pytest.mark.parametrize("text, message", [
    ('tag = "x"\n', "taxonomy.toml:1: error: 'tag' must be [[tag]] blocks, not a value — write [[tag]] on a line of its "
                    "own, then name = \"...\" under it"),
    ('[[tag]]\nname = "SDF"\naliases = 5\n', "taxonomy.toml:3: error: the aliases of 'SDF' must be a list of texts — "
                                             "write aliases = [\"One\", \"Two\"]"),
    ('[[tag]]\nname = "SDF"\nalias = ["x"]\n', "taxonomy.toml:3: error: unknown tag field 'alias' — did you mean "
                                               "'aliases'?"),
    ('[[tag]]\nname = 7\n', "taxonomy.toml:2: error: 'name' must be text, not 7 — write a text: name = \"SDF\""),
    ('tags = []\n', "taxonomy.toml:1: error: unknown entry 'tags' — tags are [[tag]] blocks: [[tag]], then "
                    "name = \"...\""),
])
def test_wrong_types_and_unknown_keys_are_errors_with_their_line(tmp_path, text, message):
    path = tmp_path / "taxonomy.toml"
    path.write_text(text)
    with pytest.raises(BuildFailed) as err:
        load_taxonomy(path, tmp_path)
    assert [str(p) for p in err.value.problems] == [message]

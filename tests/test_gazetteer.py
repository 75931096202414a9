import pytest

from conftest import REPO
from topicsite.errors import BuildFailed
from topicsite.gazetteer import load_gazetteer, place_key


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer(REPO / "gazetteer.toml", ("SY", "IQ"), REPO)


@pytest.mark.parametrize("spelling, name", [
    ("Deir Ezzor", "Deir ez-Zor"), ("Deir ez-Zor", "Deir ez-Zor"), ("Dier ez Zor", "Deir ez-Zor"),
    ("Abu Kamal", "Abu Kamal"), ("Al Bukamal", "Abu Kamal"), ("Albu Kamal", "Abu Kamal"),
    ("Sha’Fah", "Sha'fah"), ("al-Sha'fah", "Sha'fah"), ("Hajīn", "Hajin"), ("HAJIN", "Hajin"),
    ("At-Tanf", "Al Tanf"), ("al Tanf", "Al Tanf"), ("Baghouz", "Baghuz"), ("Hawamah", "Al-Hawamah"),
])
def test_spelling_variants_fold_to_one_place(gazetteer, spelling, name):
    assert gazetteer.lookup(spelling).name == name


@pytest.mark.parametrize("word", ["Syrian", "Iraqi", "Islamic"])
def test_adjectives_are_not_places(gazetteer, word):
    assert gazetteer.lookup(word) is None


def test_hierarchy_comes_from_the_gazetteer(gazetteer):
    chain = [p.name for p in gazetteer.ancestors(gazetteer.lookup("Al-Hawamah"))]
    assert chain == ["Hajin", "Deir ez-Zor Governorate", "Syria"]
    assert [p.name for p in gazetteer.ancestors(gazetteer.lookup("Al-Qaim"))] == ["Anbar Governorate", "Iraq"]


def test_geonames_towns_have_coordinates_and_plain_names(gazetteer):
    hajin = gazetteer.lookup("Hajin")
    assert (round(hajin.lat, 2), round(hajin.lon, 2)) == (34.7, 40.83)
    assert gazetteer.lookup("Hama").name == "Hamah"  # GeoNames' 'Ḩamāh', accents dropped


def test_everyday_words_are_not_read_as_places_in_text(gazetteer):
    assert gazetteer.lookup("Hit").name == "Hit"
    assert gazetteer.lookup_in_text("Hit") is None


def test_place_key_ignores_articles_case_and_punctuation():
    assert place_key("Al-Sha’Fah") == place_key("sha'fah") == "shafah"


def test_a_parent_missing_from_the_gazetteer_is_reported(tmp_path):
    path = tmp_path / "gazetteer.toml"
    path.write_text('[[place]]\nname = "Syria"\n\n[[place]]\nname = "Nowhere"\nparent = "Atlantis"\n')
    with pytest.raises(BuildFailed) as err:
        load_gazetteer(path, ("SY",), tmp_path)
    assert [str(p) for p in err.value.problems] == [
        "gazetteer.toml:4: error: the parent 'Atlantis' of 'Nowhere' is not in the gazetteer "
        "— add that place, or correct the parent's spelling"]


@pytest.mark.parametrize("text, message", [
    ('[[place]]\nname = "Hajin"\nlat = "north"\n',
     "gazetteer.toml:3: error: 'lat' of 'Hajin' is 'north' — write a number of degrees between -90 and 90: lat = 34.69"),
    ('[[place]]\nname = "Hajin"\nlon = 250.0\n',
     "gazetteer.toml:3: error: 'lon' of 'Hajin' is 250.0 — write a number of degrees between -180 and 180: lon = 40.83"),
    ('[[place]]\nname = "Hajin"\nparent = ["Syria"]\n',
     "gazetteer.toml:3: error: 'parent' of 'Hajin' is ['Syria'] — write the name of another place: "
     "parent = \"Deir ez-Zor Governorate\""),
    ('[[place]]\nname = "Hajin"\naliases = 5\n',
     "gazetteer.toml:3: error: 'aliases' of 'Hajin' is 5 — write a list of texts: aliases = [\"Hajjin\", \"Hajeen\"]"),
    ('[[place]]\nname = "Hajin"\nparnet = "Syria"\n',
     "gazetteer.toml:3: error: unknown place field 'parnet' — did you mean 'parent'?"),
    ('[[places]]\nname = "Hajin"\n', "gazetteer.toml:1: error: unknown entry 'places' — did you mean 'place'?"),
])
def test_wrong_types_and_unknown_keys_are_errors_with_their_line(tmp_path, text, message):
    path = tmp_path / "gazetteer.toml"
    path.write_text(text)
    with pytest.raises(BuildFailed) as err:
        load_gazetteer(path, (), tmp_path)
    assert [str(p) for p in err.value.problems] == [message]


def test_places_inside_each_other_and_a_spelling_of_two_places_are_errors(tmp_path):
    path = tmp_path / "gazetteer.toml"
    path.write_text('[[place]]\nname = "A"\nparent = "B"\n\n[[place]]\nname = "B"\nparent = "A"\naliases = ["Ay"]\n\n'
                    '[[place]]\nname = "C"\naliases = ["AY"]\n')
    with pytest.raises(BuildFailed) as err:
        load_gazetteer(path, (), tmp_path)
    assert [str(p) for p in err.value.problems] == [
        "gazetteer.toml:1: error: these places lie inside each other: A → B → A — correct one of their parents",
        "gazetteer.toml:10: error: 'AY' is a spelling of both 'B' and 'C' — keep it under one place only"]


def test_a_chain_of_parents_thousands_deep_is_refused_where_it_passes_the_limit(tmp_path):
    blocks = [f'[[place]]\nname = "P{i}"\nparent = "P{i + 1}"\n' for i in range(3000)] + ['[[place]]\nname = "P3000"\n']
    path = tmp_path / "gazetteer.toml"
    path.write_text("\n".join(blocks))
    with pytest.raises(BuildFailed) as failure:
        load_gazetteer(path, (), tmp_path)
    assert [str(p) for p in failure.value.problems] == [  # P3000 is 1 deep, P2988 13
        "gazetteer.toml:11953: error: 'P2988' lies 13 places deep (inside 'P2989', inside …); a place may be at most "
        "12 deep — give it the parent it really lies in, such as its district or province"]
    path.write_text("\n".join(blocks[-12:]))
    gazetteer = load_gazetteer(path, (), tmp_path)
    assert len(gazetteer.ancestors(gazetteer.lookup("P2989"))) == 11


@pytest.mark.parametrize("text", [
    "The convoy was hit near the market and the fighters fled.",
    "Airstrikes Hit ISIS Positions As Many Fighters Tell Of A Tall Order",
    "Anna said the dam would hold. Rose and May stayed at home.",
])
def test_everyday_words_never_become_places(gazetteer, text):
    from topicsite.mentions import find_places

    assert find_places(text, gazetteer).names == []


def test_a_town_named_like_an_everyday_word_is_found_where_the_text_says_it_is_a_place(gazetteer):
    from topicsite.mentions import find_places

    assert find_places("Iraqi forces entered the town of Hit on Sunday.", gazetteer).names == ["Hit"]
    assert find_places("Iraqi forces took Rawa and Anah on Friday.", gazetteer).names == ["Rawah", "'Anah"]


@pytest.mark.parametrize("text, names", [
    ("Prime Minister Haider al-Abadi visited the front.", []),  # a person, not the village of Al Hadir
    ("Syrian and Iraqi officials met.", []),  # adjectives
    ("US officials and the UAE Armed Forces said", []),  # countries as adjectives
    ("The plan was backed by the US and the EU.", ["United States"]),
    ("Clashes spread from Hajjin to Baghouz and Shaafa.", ["Hajin", "Baghuz", "Sha'fah"]),
])
def test_names_that_look_like_places(gazetteer, text, names):
    from topicsite.mentions import find_places

    assert find_places(text, gazetteer).names == names

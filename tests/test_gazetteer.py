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

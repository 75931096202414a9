from topicsite.urls import Urls, fold, slugify


def test_slugify_folds_accents_apostrophes_and_punctuation():
    assert slugify("Deir ez-Zor") == "deir-ez-zor"
    assert slugify("Sha’Fah") == "shafah"
    assert slugify("Ālbū Kamāl") == "albu-kamal"
    assert slugify("Difesa & Sicurezza") == "difesa-and-sicurezza"
    assert slugify("<script>") == "script"
    assert slugify("!!!") == ""


def test_fold_makes_spelling_variants_compare_equal():
    assert fold("Hajīn") == fold("HAJIN")
    assert fold("Sha’fah") == fold("sha'fah")


def test_urls_under_a_subpath_keep_the_base_path():
    urls = Urls("https://user.github.io/repo/")
    assert urls("tags/sdf/") == "/repo/tags/sdf/"
    assert urls("") == "/repo/"
    assert urls.absolute("feed.xml") == "https://user.github.io/repo/feed.xml"


def test_urls_at_a_domain_root():
    urls = Urls("https://archive.example.org")
    assert urls("places/hajin/") == "/places/hajin/"
    assert urls.absolute("") == "https://archive.example.org/"


def test_a_lists_first_page_is_the_list_itself_and_numbered_pages_live_under_it():
    assert Urls.paged("tags/sdf/", 0) == "tags/sdf/"
    assert Urls.paged("tags/sdf/", 1) == "tags/sdf/page/1/"
    assert Urls.paged("tags/sdf/", 3) == "tags/sdf/page/3/"
    assert Urls.feed("places/hajin/") == "places/hajin/feed.xml"

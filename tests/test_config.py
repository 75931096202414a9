import pytest

from topicsite.config import load_config
from topicsite.errors import BuildFailed


def write(tmp_path, text):
    (tmp_path / "site.toml").write_text(text)
    return tmp_path


def messages(tmp_path, text, **overrides):
    with pytest.raises(BuildFailed) as err:
        load_config(write(tmp_path, text), overrides)
    return [str(p) for p in err.value.problems]


def test_defaults_fill_what_is_not_set(tmp_path):
    config = load_config(write(tmp_path, 'title = "T"\n'))
    assert config.output_dir == tmp_path.resolve() / "_site"
    assert config.per_page == 20 and config.language == "en" and config.timezone == "UTC"


def test_unknown_key_is_named_with_a_suggestion(tmp_path):
    assert messages(tmp_path, 'title = "T"\nbase_ulr = "https://x.org/"\n') == [
        "site.toml:2: error: unknown setting 'base_ulr' — did you mean 'base_url'?"]


def test_wrong_type_names_the_key_and_what_it_must_be(tmp_path):
    assert messages(tmp_path, 'title = "T"\nper_page = "ten"\n') == [
        "site.toml:2: error: 'per_page' has the wrong type — it must be a whole number of articles per list page, such as 20"]


def test_missing_title(tmp_path):
    assert messages(tmp_path, 'language = "en"\n') == [
        "site.toml: error: the setting 'title' is missing — add title = \"...\""]


def test_base_url_without_scheme_is_refused(tmp_path):
    assert messages(tmp_path, 'title = "T"\nbase_url = "user.github.io/repo"\n') == [
        "site.toml:2: error: base_url 'user.github.io/repo/' is not a full web address — "
        "write it with its scheme, like https://user.github.io/repo/"]


def test_base_url_gets_a_trailing_slash(tmp_path):
    config = load_config(write(tmp_path, 'title = "T"\nbase_url = "https://u.github.io/repo"\n'))
    assert config.base_url == "https://u.github.io/repo/"


@pytest.mark.parametrize("folder", [".", "content", "content/out", ".."])
def test_output_dir_may_not_be_a_source_folder(tmp_path, folder):
    (tmp_path / "content").mkdir()
    found = messages(tmp_path, f'title = "T"\noutput_dir = "{folder}"\n')
    assert len(found) == 1 and found[0].startswith("site.toml:2: error: output_dir")


def test_toml_syntax_error_has_a_line(tmp_path):
    found = messages(tmp_path, 'title = "T"\nper_page = \n')
    assert found[0].startswith("site.toml:2: error: this is not valid TOML")


def test_unknown_time_zone(tmp_path):
    assert messages(tmp_path, 'title = "T"\ntimezone = "Mars/Olympus"\n') == [
        "site.toml:2: error: unknown time zone 'Mars/Olympus' — use a name from the tz database, "
        "such as \"UTC\" or \"Asia/Damascus\""]

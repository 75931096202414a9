import subprocess
import sys

from conftest import REPO, article
from topicsite.config import load_config
from topicsite.content import load_content
from topicsite.newarticle import new_article


def test_new_writes_complete_front_matter_with_a_unique_slug(project):
    root = project({"content/hajin-market-freed.md": article("Hajin market freed")})
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "new", "Hajin market freed", "--place", "Dier ez Zor",
                             "--tag", "Daesh", "--tag", "SDF", "--date", "2018-12-14", "--config", str(root / "site.toml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "content/hajin-market-freed-2.md"
    loaded = load_content(root / "content", root)
    articles, problems = loaded.articles, loaded.problems
    assert problems == []
    new = next(a for a in articles if a.slug == "hajin-market-freed-2")
    assert new.title == "Hajin market freed" and new.draft is True
    assert new.locations == ("Deir ez-Zor",) and new.tags == ("ISIS", "SDF")
    assert new.date.precision == "day"


def test_new_is_undated_unless_given_a_date_and_warns_about_unknown_names(project):
    root = project({})
    config = load_config(root)
    path, warnings = new_article(config, "A report", ["Hajn"], ["SFD"])
    assert "date:" not in path.read_text()  # never today's: it would file an old report under today
    assert load_content(root / "content", root).articles[0].date is None
    assert [str(w) for w in warnings] == [
        "--place: warning: 'Hajn' is not in the gazetteer — did you mean 'Hajin'?",
        "--tag: warning: 'SFD' is not in the taxonomy — did you mean 'SDF'?"]


def test_new_refuses_an_impossible_date(project):
    root = project({})
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "new", "A report", "--date", "2018-02-30",
                             "--config", str(root / "site.toml")], capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == ("--date: error: impossible date: '2018-02-30' is not a real day: "
                                             "February 2018 has 28 days — write the report's date as YYYY, YYYY-MM or YYYY-MM-DD")
    assert list((root / "content").iterdir()) == []


def test_a_misspelt_tag_is_matched_against_aliases_too(project):
    root = project({})
    _, warnings = new_article(load_config(root), "A report", [], ["Islamic Stat", "SFD"])
    assert [str(w) for w in warnings] == [
        "--tag: warning: 'Islamic Stat' is not in the taxonomy — did you mean 'Islamic State' (the tag 'ISIS')?",
        "--tag: warning: 'SFD' is not in the taxonomy — did you mean 'SDF'?"]

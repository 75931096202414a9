import datetime as dt
import subprocess
import sys

from conftest import REPO, article
from topicsite.config import load_config
from topicsite.content import load_content
from topicsite.newarticle import new_article


def test_new_writes_complete_front_matter_with_a_unique_slug(project):
    root = project({"content/hajin-market-freed.md": article("Hajin market freed")})
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "new", "Hajin market freed", "--place", "Dier ez Zor",
                             "--tag", "Daesh", "--tag", "SDF", "--config", str(root / "site.toml")],
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


def test_new_uses_todays_date_and_warns_about_unknown_names(project):
    root = project({})
    config = load_config(root)
    path, warnings = new_article(config, "A report", ["Hajn"], ["SFD"], today=dt.date(2018, 12, 14))
    assert "date: '2018-12-14'" in path.read_text()
    assert [str(w) for w in warnings] == [
        "--place: warning: 'Hajn' is not in the gazetteer — did you mean 'Hajin'?",
        "--tag: warning: 'SFD' is not in the taxonomy — did you mean 'SDF'?"]

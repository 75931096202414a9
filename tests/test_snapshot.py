"""A build where only articles' text changed starts from the last build's archive and
renders only the pages that show that text; the result is still what a cold build makes."""
import re

import pytest

from conftest import article, make_project, run_build, tree_digest


def rendered(result) -> int:
    match = re.search(r"(\d+) rendered", result.stdout + result.stderr)
    assert match, result.stdout + result.stderr
    return int(match.group(1))


def archive_files() -> dict[str, str]:
    files = {}
    for n in range(1, 13):
        tag = "Supply routes" if n % 2 else "Civilians"
        files[f"content/r{n:02d}.md"] = article(f"Report {n}", id=f"r{n:02d}", date=f"2018-0{1 + n % 9}-1{n % 10}",
                                                tags=f"[{tag}, SDF]", locations="[Hajin]",
                                                body=f"Report number {n} from the Euphrates valley.")
    files["content/empty.md"] = "---\ntitle: Nothing yet\nid: empty\ndate: 2018-03-01\n---\n"  # warns: no text
    return files


def test_a_text_edit_renders_the_article_and_its_feeds_only(tmp_path):
    project = make_project(tmp_path / "p", archive_files())
    assert run_build(project, "--no-import", "--no-search").returncode == 0
    assert run_build(project, "--no-import", "--no-search").returncode == 0  # nothing changed
    victim = project / "content" / "r03.md"
    victim.write_text(victim.read_text() + "\nA second paragraph about the ferry.\n")
    result = run_build(project, "--no-import", "--no-search")
    assert result.returncode == 0, result.stderr
    # Its page, and the feeds that carry its text: the site's, two tags', and Hajin's with its region and country.
    assert 1 < rendered(result) <= 8
    assert "content/empty.md" in result.stdout + result.stderr  # the other files' warnings are still told
    page = (project / "_site" / "articles" / "r03" / "index.html").read_text()
    assert "A second paragraph about the ferry." in page
    assert "A second paragraph about the ferry." in (project / "_site" / "feed.xml").read_text()

    cold = tmp_path / "cold"
    assert run_build(project, "--no-import", "--no-search", "--no-cache", "--output", str(cold)).returncode == 0
    assert tree_digest(project / "_site") == tree_digest(cold)


def test_text_edited_in_earlier_builds_stays_in_the_feeds(tmp_path):
    """Two articles of one tag edited one after the other: the second build starts from a
    snapshot taken before the first edit, and must not put the first article's old text
    back into the tag's feed."""
    project = make_project(tmp_path / "p", archive_files())
    assert run_build(project, "--no-import", "--no-search").returncode == 0
    for name, words in (("r03", "First edit, about the bridge."), ("r05", "Second edit, about the school.")):
        victim = project / "content" / f"{name}.md"
        victim.write_text(victim.read_text() + f"\n{words}\n")
        result = run_build(project, "--no-import", "--no-search")
        assert result.returncode == 0 and rendered(result) <= 8, result.stdout + result.stderr
    feed = (project / "_site" / "tags" / "supply-routes" / "feed.xml").read_text()
    assert "First edit, about the bridge." in feed and "Second edit, about the school." in feed
    cold = tmp_path / "cold"
    assert run_build(project, "--no-import", "--no-search", "--no-cache", "--output", str(cold)).returncode == 0
    assert tree_digest(project / "_site") == tree_digest(cold)


def test_a_change_beyond_the_text_takes_the_full_path(tmp_path):
    """A new title moves the article in every list: the shortcut must not be taken."""
    project = make_project(tmp_path / "p", archive_files())
    assert run_build(project, "--no-import", "--no-search").returncode == 0
    victim = project / "content" / "r03.md"
    victim.write_text(victim.read_text().replace("title: Report 3", "title: Aardvark report") + "\nMore.\n")
    result = run_build(project, "--no-import", "--no-search")
    assert result.returncode == 0
    assert rendered(result) > 8  # lists, tag and place pages, months…
    assert "Aardvark report" in (project / "_site" / "tags" / "supply-routes" / "index.html").read_text()
    cold = tmp_path / "cold"
    assert run_build(project, "--no-import", "--no-search", "--no-cache", "--output", str(cold)).returncode == 0
    assert tree_digest(project / "_site") == tree_digest(cold)


@pytest.mark.parametrize("builds", [1, 2])  # without, then with a spare site
def test_a_page_deleted_from_the_output_by_hand_comes_back(tmp_path, builds):
    project = make_project(tmp_path / "p", archive_files())
    for _ in range(builds):
        (project / "content" / "r01.md").write_text((project / "content" / "r01.md").read_text() + "\nx\n")
        assert run_build(project, "--no-import", "--no-search").returncode == 0
    assert (project / "._site.spare").is_dir() == (builds == 2)
    (project / "_site" / "articles" / "r07" / "index.html").unlink()
    (project / "content" / "r03.md").write_text((project / "content" / "r03.md").read_text() + "\nMore text.\n")
    result = run_build(project, "--no-import", "--no-search")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    cold = tmp_path / "cold"
    assert run_build(project, "--no-import", "--no-search", "--no-cache", "--output", str(cold)).returncode == 0
    assert tree_digest(project / "_site") == tree_digest(cold)

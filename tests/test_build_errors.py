"""Bad input, through the real command line: exit 1, the exact message, and the previous
output left byte-for-byte as it was."""
import pytest

from conftest import SITE_TOML, article, run_build, tree_digest

GOOD = {"content/good.md": article("Good report", date="2018-12-12", tags="[SDF]", locations="[Hajin]")}

CASES = {
    "malformed YAML": (
        {"content/bad.md": "---\ntitle: Broken\ntags: [SDF, ISIS\n---\nText\n"}, SITE_TOML,
        "content/bad.md:3: error: the front matter is not valid YAML: the '[' opened here is not closed "
        "— end the list with ']' on the same line, like tags: [SDF, Hajin]"),
    "missing title": (
        {"content/bad.md": "---\ndate: 2018-12-12\n---\nText\n"}, SITE_TOML,
        "content/bad.md:1: error: the field 'title' is missing — add a line 'title: ...'"),
    "impossible date": (
        {"content/bad.md": "---\ntitle: Leap\ndate: 2018-02-30\n---\nText\n"}, SITE_TOML,
        "content/bad.md:3: error: impossible date: '2018-02-30' is not a real day: February 2018 has 28 days "
        "— write the date as YYYY, YYYY-MM or YYYY-MM-DD"),
    "wrong type for tags": (
        {"content/bad.md": "---\ntitle: Tags\ntags: SDF, ISIS\n---\nText\n"}, SITE_TOML,
        "content/bad.md:3: error: 'tags' must be a list of names — write tags: [First, Second] or one '- name' line per item"),
    "unknown key in site.toml": (
        {}, SITE_TOML + 'per_pgae = 10\n',
        "site.toml:6: error: unknown setting 'per_pgae' — did you mean 'per_page'?"),
    "two articles with one slug": (
        {"content/a.md": article("First", id="same"), "content/b.md": article("Second", id="same")}, SITE_TOML,
        "content/a.md: error: 2 articles would share the URL /articles/same/: content/a.md, content/b.md "
        "— give each a different 'id' in its front matter\n"
        "content/b.md: error: 2 articles would share the URL /articles/same/: content/a.md, content/b.md "
        "— give each a different 'id' in its front matter"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_fails_clearly_and_keeps_the_previous_site(project, case):
    files, site_toml, expected = CASES[case]
    root = project(GOOD)
    first = run_build(root)
    assert first.returncode == 0, first.stderr
    before = tree_digest(root / "_site")

    for relative, text in files.items():
        (root / relative).write_text(text)
    (root / "site.toml").write_text(site_toml)
    result = run_build(root)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().split("\n")
    assert "\n".join(lines[:-1]) == expected
    assert lines[-1].startswith("Build failed:") and "previous output was left as it was" in lines[-1]
    assert tree_digest(root / "_site") == before


def test_every_broken_file_is_reported_at_once(project):
    root = project({"content/a.md": "---\ntags: x\n---\n", "content/b.md": "---\ntitle: B\ndate: 12/29\n---\n"})
    result = run_build(root)
    assert result.returncode == 1
    assert result.stderr.count("error:") == 3
    assert "content/b.md:3: error: impossible date: '12/29' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD" in result.stderr


def test_two_tags_sharing_a_url_list_every_file(project):
    root = project({"content/a.md": article("A", tags="[Al Tanf]"), "content/b.md": article("B", tags="[al-tanf]")})
    result = run_build(root)
    assert result.returncode == 1
    assert ("content/a.md: error: the tags 'Al Tanf' and 'al-tanf' would share the URL /tags/al-tanf/ "
            "— write the tag 'Al Tanf' the same way in every file") in result.stderr
    assert "content/b.md: error: the tags 'Al Tanf' and 'al-tanf' would share the URL /tags/al-tanf/" in result.stderr


def test_a_reserved_or_empty_slug_fails(project):
    root = project({"content/page.md": article("Paging"), "content/x.md": article("X", tags="['!!!']")})
    result = run_build(root)
    assert result.returncode == 1
    assert "content/page.md:1: error: 'page' is reserved for the site's own pages — choose another id" in result.stderr
    assert "content/x.md: error: the tag '!!!' gives no URL name — give the tag a name with letters or digits" in result.stderr


def build_with_tag_layout_changed(project, old: str, new: str):
    """Build GOOD with one edit to layouts/tag.html: the result and the layout."""
    root = project(GOOD)
    layout = root / "layouts" / "tag.html"
    layout.write_text(layout.read_text().replace(old, new))
    return run_build(root), layout


def test_template_errors_name_the_layout_file_and_line(project):
    result, layout = build_with_tag_layout_changed(project, "{{ tag.name }}</h1>", "{{ tag.nmae }}</h1>")
    assert result.returncode == 1
    line = next(n for n, text in enumerate(layout.read_text().split("\n"), 1) if "tag.nmae" in text)
    assert f"layouts/tag.html:{line}: error: template error while rendering /tags/sdf/:" in result.stderr
    assert "has no attribute 'nmae'" in result.stderr and "Traceback" not in result.stderr


def test_an_output_folder_not_made_by_the_build_is_never_replaced(project):
    root = project(GOOD)
    (root / "_site").mkdir()
    (root / "_site" / "precious.txt").write_text("mine")
    result = run_build(root)
    assert result.returncode == 1
    assert ("_site: error: the output folder exists and was not made by this generator, so it will not be replaced "
            "— move it away, or set another output_dir in site.toml") in result.stderr
    assert (root / "_site" / "precious.txt").read_text() == "mine"


def test_a_layout_that_still_calls_href_as_a_function_is_told_to_use_the_filter(project):
    result, _ = build_with_tag_layout_changed(project, "<h1>{{ tag.name }}</h1>",
                                              "<h1><a href=\"{{ href(tag) }}\">{{ tag.name }}</a></h1>")
    assert result.returncode == 1
    assert ("error: template error while rendering /tags/sdf/: 'href' is undefined "
            "— links are made with a filter now: write {{ article | href }} or {{ 'tags/' | href }}") in result.stderr
    assert "Traceback" not in result.stderr

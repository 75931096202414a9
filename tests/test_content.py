from topicsite.content import load_content, parse_article
from topicsite.dates import PartialDate


def parse(text):
    return parse_article(text, "content/x.md", "x")


def errors(text):
    article, problems = parse(text)
    assert article is None
    return [str(p) for p in problems]


def test_a_complete_article():
    article, problems = parse(
        "---\ntitle: Hajin market freed\nid: hajin-market\ndate: 2018-12\nlocations: [Hajin]\n"
        "tags:\n  - SDF\n  - ISIS\nsummary: Short.\nsource:\n  publisher: P\n  url: https://p.org/a\n---\n\nBody.\n")
    assert problems == []
    assert article.slug == "hajin-market"
    assert article.date == PartialDate(2018, 12)
    assert article.tags == ("SDF", "ISIS") and article.locations == ("Hajin",)
    assert article.source.url == "https://p.org/a"
    assert article.body == "Body."


def test_id_defaults_to_the_file_name():
    article, _ = parse("---\ntitle: T\n---\nx")
    assert article.slug == "x"


def test_year_only_date_written_as_a_number():
    article, _ = parse("---\ntitle: T\ndate: 2018\n---\nx")
    assert article.date == PartialDate(2018)


def test_malformed_yaml_names_the_line():
    assert errors("---\ntitle: T\ntags: [SDF\n---\nx") == [
        "content/x.md:3: error: the front matter is not valid YAML: the '[' opened here is not closed "
        "— end the list with ']' on the same line, like tags: [SDF, Hajin]"]


def test_line_numbers_count_blank_lines_before_the_front_matter_and_inside_it():
    assert errors("\n---\n\ntitle: T\ndate: 2018-02-30\n---\nx") == [
        "content/x.md:5: error: impossible date: '2018-02-30' is not a real day: February 2018 has 28 days "
        "— write the date as YYYY, YYYY-MM or YYYY-MM-DD"]


def test_missing_title():
    assert errors("---\ndate: 2018\n---\nx") == [
        "content/x.md:1: error: the field 'title' is missing — add a line 'title: ...'"]


def test_tags_must_be_a_list():
    assert errors("---\ntitle: T\ntags: SDF\n---\nx") == [
        "content/x.md:3: error: 'tags' must be a list of names — write tags: [First, Second] or one '- name' line per item"]


def test_yaml_booleans_do_not_sneak_in_as_values():
    # YAML 1.1 reads NO (Norway) as false; we keep it as the text it is.
    article, problems = parse("---\ntitle: T\ntags: [NO, yes, on]\n---\nx")
    assert problems == [] and article.tags == ("NO", "yes", "on")


def test_unknown_field_suggests_the_right_one():
    assert errors("---\ntitle: T\nlocation: [Hajin]\n---\nx") == [
        "content/x.md:3: error: unknown front-matter field 'location' — did you mean 'locations'?"]


def test_a_file_without_front_matter():
    assert errors("Just text") == [
        "content/x.md:1: error: the file has no front matter — start it with a line '---', "
        "then 'title: ...', then another '---'"]


def test_yaml_aliases_are_refused():
    found = errors("---\ntitle: &a T\nsummary: *a\n---\nx")
    assert found == ["content/x.md:3: error: the front matter is not valid YAML: aliases (*name) are not allowed "
                     "in front matter — check quotes and indentation; put a value with ':' or '#' in quotes"]


def test_a_bad_id_suggests_a_good_one():
    assert errors("---\ntitle: T\nid: ../Etc Passwd\n---\nx") == [
        "content/x.md:3: error: 'id' must be lower-case letters, digits and hyphens, not '../Etc Passwd' "
        "— write id: etc-passwd"]


def test_loading_reports_every_broken_file_and_keeps_the_good(tmp_path):
    content = tmp_path / "content"
    (content / "sub").mkdir(parents=True)
    (content / "good.md").write_text("---\ntitle: Good\n---\nx")
    (content / "sub" / "bad.md").write_text("---\ntags: x\n---\n")
    (content / "notes.txt").write_text("not an article")
    (content / "bin.md").write_bytes(b"\x00\x01")
    loaded = load_content(content, tmp_path)
    articles, problems = loaded.articles, loaded.problems
    assert [a.title for a in articles] == ["Good"]
    assert [str(p) for p in problems] == [
        "content/bin.md: error: this is not a text file — content/ may only hold Markdown text files",
        "content/sub/bad.md:1: error: the field 'title' is missing — add a line 'title: ...'",
        "content/sub/bad.md:2: error: 'tags' must be a list of names — write tags: [First, Second] or one '- name' line per item",
    ]


def test_windows_line_endings_and_a_byte_order_mark_are_read(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_bytes("\ufeff---\r\ntitle: Crlf\r\n---\r\nText\r\n".encode("utf-8"))
    loaded = load_content(tmp_path / "content", tmp_path)
    assert loaded.problems == [] and loaded.articles[0].title == "Crlf"


def test_a_second_load_parses_only_what_changed_and_gives_what_a_first_load_gives(tmp_path):
    """A build starts from the last build's load: unchanged files keep their articles and
    their problems (errors and warnings, with file and line), a changed file is read again."""
    content = tmp_path / "content"
    content.mkdir()
    for n in range(30):
        (content / f"a{n:04d}.md").write_text(f"---\ntitle: Report {n}\ndate: 2018-{n % 12 + 1:02d}\n---\n\nText {n}.\n")
    (content / "a0007.md").write_text("---\ntitle: [broken\n---\n\nText.\n")  # an error
    (content / "a0020.md").write_bytes("---\ntitle: Caf\u00e9\n---\n\nText.\n".encode("cp1252"))  # a warning
    first = load_content(content, tmp_path)
    (content / "a0003.md").write_text("---\ntitle: Edited\n---\n\nNew text.\n")
    second = load_content(content, tmp_path, first)
    fresh = load_content(content, tmp_path)
    assert second.articles == fresh.articles and second.problems == fresh.problems
    assert [(p.path, p.line) for p in second.problems] == [("content/a0007.md", 2), ("content/a0020.md", 2)]
    kept = {a.path: a for a in first.articles}
    assert all(a is kept[a.path] for a in second.articles if a.path != "content/a0003.md")  # not parsed again
    assert next(a for a in second.articles if a.path == "content/a0003.md").title == "Edited"

"""Property-based fuzzing of what reads untrusted text: the front-matter loader, the importer,
the configuration, and the slug and URL functions. Nothing may raise but the project's own
BuildFailed, and every URL stays inside the site.

The suite runs a short version. The long run is
    FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py
"""
import os
from urllib.parse import urljoin, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from topicsite.config import load_config
from topicsite.content import parse_article, read_text
from topicsite.errors import BuildFailed
from topicsite.gazetteer import load_gazetteer
from topicsite.importer import import_text
from topicsite.render import markdown_to_html
from topicsite.taxonomy import load_taxonomy
from topicsite.urls import Urls, slugify

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GAZETTEER = load_gazetteer(REPO / "gazetteer.toml", ("SY", "IQ"), REPO)
TAXONOMY = load_taxonomy(REPO / "taxonomy.toml", REPO)

yaml_ish = st.text(alphabet=st.sampled_from(list("abcdeft:-[]{}&*!|>'\"#%@`,? \n\t0123456789\u2019\u00e9")), max_size=200)
front_matter = st.builds(lambda head, body: f"---\n{head}\n---\n{body}", yaml_ish, st.text(max_size=200))


@FUZZ
@given(st.one_of(st.text(max_size=400), front_matter))
def test_front_matter_loader_never_crashes(text):
    article, problems = parse_article(text, "content/x.md", "x")
    assert (article is None) == any(p.severity == "error" for p in problems)
    for problem in problems:
        assert problem.path == "content/x.md" and str(problem).startswith("content/x.md")
    if article:
        assert slugify(article.slug) == article.slug and article.title


@FUZZ
@given(st.binary(max_size=300))
def test_reading_any_bytes_never_crashes(data):
    text, problem = read_text(data, "content/x.md")
    assert text is not None or problem.severity == "error"


@FUZZ
@given(st.text(max_size=600))
def test_importer_never_crashes_and_never_lets_html_through(text):
    result = import_text(text, {}, GAZETTEER, TAXONOMY)
    html = markdown_to_html(result.body)
    assert "<script" not in html.lower() and "javascript:" not in html.lower().replace("&lt;", "")
    assert result.title and "\n" not in result.title


@FUZZ
@given(st.text(max_size=80))
def test_slugs_and_urls_stay_inside_the_site(text):
    slug = slugify(text)
    assert set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-") and not slug.startswith("-")
    urls = Urls("https://user.github.io/repo/")
    for path in (Urls.article(slug), Urls.tag(slug), Urls.place(slug), Urls.paged(Urls.tag(slug), 3)):
        absolute = urljoin("https://user.github.io/", urls(path))
        assert absolute.startswith("https://user.github.io/repo/")
        assert ".." not in urlsplit(absolute).path.split("/")


# Addresses as an attacker writes them: a scheme that runs code, its letters and colon
# encoded as character references (decimal, hex, named, with or without zeros), with tabs,
# newlines and control characters that browsers drop, in any case.
def encoded(ch: str):
    return st.sampled_from([ch, ch.upper(), f"&#{ord(ch)};", f"&#x{ord(ch):x};", f"&#X{ord(ch):X};", f"&#000{ord(ch)};"]
                           + (["&colon;"] if ch == ":" else []))


hostile_address = st.builds(
    lambda lead, parts, noise, rest: lead + "".join(p + n for p, n in zip(parts, noise)) + rest,
    st.sampled_from(["", " ", "\x01", "\t", "&#9;", "\x00", "&#32;"]),
    st.sampled_from(["javascript:", "data:", "vbscript:", "JaVaScRiPt:", "file:", "https:"]).flatmap(
        lambda scheme: st.tuples(*[encoded(c) for c in scheme])),
    st.lists(st.sampled_from(["", "", "", "\t", "\n", "&#10;", "&Tab;", "&NewLine;", "\x0b", "\u200b"]), min_size=12, max_size=12),
    st.sampled_from(["alert(1)", "//evil.example/x", "text/html,<script>alert(1)</script>", "x"]))
link_forms = st.sampled_from(["[x]({})", "[x](<{}>)", "![x]({})", "[x][r]\n\n[r]: {}", "<{}>", '<a href="{}">x</a>',
                              "[x]({} \"title\")"])


def browser_links(html: str) -> list[str]:
    """The href and src of every element, decoded as a browser's HTML parser decodes them."""
    from html.parser import HTMLParser

    found = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(value for name, value in attrs if name in ("href", "src") and value is not None)

    Links(convert_charrefs=True).feed(html)
    return found


@FUZZ
@given(st.one_of(hostile_address, st.text(max_size=60)), link_forms)
def test_no_link_reaches_a_page_unless_a_browser_would_open_it_as_a_web_page(address, form):
    """Checked against a browser-grade reading: the WHATWG URL rules (ada), not our own."""
    import ada_url

    for href in browser_links(markdown_to_html(form.replace("{}", address))):
        assert ada_url.URL(href, "https://example.org/archive/").protocol in ("http:", "https:", "mailto:"), href


@FUZZ
@given(st.text(alphabet=st.sampled_from(list('abcdefghijklmnopqrstuvwxyz_="[]{}.,0123456789 \n/:#')), max_size=200))
def test_any_site_toml_is_accepted_or_refused_clearly(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("config")
    (folder / "site.toml").write_text(text)
    try:
        config = load_config(folder)
    except BuildFailed as failure:
        assert failure.problems and all(str(p).startswith("site.toml") for p in failure.problems)
    else:
        assert config.title and config.output_dir.resolve() not in (folder.resolve(), folder.resolve().parent)

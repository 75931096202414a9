"""A draft appears on no published surface: pages, lists, counts, feeds, sitemap."""
from conftest import article, run_build


def test_a_draft_is_nowhere_in_the_published_site(project):
    root = project({
        "content/pub.md": article("Published report", date="2018-12-01", tags="[SDF]", locations="[Hajin]"),
        "content/secret.md": article("Secret draft", date="2018-11-01", tags="[SDF, VBIED]",
                                     locations="[Baghuz]", draft="true"),
    })
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    assert "(1 article;" in result.stdout
    site = root / "_site"
    for path in site.rglob("*"):
        if path.is_file():
            text = path.read_text(errors="replace")
            assert "Secret draft" not in text and "secret" not in text, path
    assert not (site / "articles" / "secret").exists()
    assert not (site / "tags" / "vbied").exists() and not (site / "places" / "baghuz").exists()
    assert not (site / "archive" / "2018" / "11").exists()
    tag_index = (site / "tags" / "index.html").read_text()
    assert '<a href="/archive/tags/sdf/">SDF</a> <span class="count">1</span>' in tag_index

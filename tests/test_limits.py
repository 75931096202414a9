"""The site's size against what the host publishes: one line after every build, and a
warning past 75% and past 90% of the limit (GitHub Pages: 1 GB; `size_limit_mb`)."""
from __future__ import annotations

import re

from conftest import SITE_TOML, article, make_project, run_build


def on_disk(folder) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def test_every_build_says_how_big_the_site_is(project):
    root = project({"content/a.md": article("A report", date="2018-12-12")})
    for _ in range(2):  # a build that writes, then one that finds nothing changed
        result = run_build(root)
        size, files = on_disk(root / "_site")
        assert result.returncode == 0 and result.stderr == "", result.stderr
        assert result.stdout.splitlines()[-1] == (f"Site: {files:,} files, {size / 1e6:,.1f} MB, "
                                                  f"{size / 1e9:.1%} of the 1 GB the host publishes")


def test_a_warning_past_three_quarters_and_past_nine_tenths_of_the_limit(project):
    root = project({"content/a.md": article("A report", date="2018-12-12")}, SITE_TOML + "size_limit_mb = 10\n")
    assert run_build(root).returncode == 0
    size, _ = on_disk(root / "_site")
    for share, expected in ((0.5, None),
                            (0.8, "warning: the site is 80% of the 10 MB the host publishes — see \"Limits\" in the "
                                  "README for what to do before it is full"),
                            (0.95, "warning: the site is 95% of the 10 MB the host publishes, which refuses a larger "
                                   "site — see \"Limits\" in the README")):
        pad = root / "static" / "pad.bin"
        pad.write_bytes(b"\0" * (int(share * 10e6) - size))  # the other files keep their sizes
        result = run_build(root)
        assert result.returncode == 0
        assert re.search(r"Site: [\d,]+ files, [\d.]+ MB, (\d+)% of the 10 MB", result.stdout).group(1) == f"{share:.0%}"[:-1]
        assert result.stderr.strip() == (expected or "")


def test_a_site_under_a_subpath_is_told_how_crawlers_find_its_sitemap(project, tmp_path):
    root = project({"content/a.md": article("A report", date="2018-12-12")})  # base_url ends in /archive/
    result = run_build(root)
    assert ("Note: the site is published under /archive/, and crawlers read robots.txt only at a domain's root: submit "
            "https://example.org/archive/sitemap.xml in Google Search Console or Bing Webmaster Tools instead") \
        in result.stdout.splitlines()
    at_root = make_project(tmp_path / "at-root", {"content/a.md": article("A report")},
                           SITE_TOML.replace("https://example.org/archive/", "https://example.org/"))
    assert "Note:" not in run_build(at_root).stdout

"""Seeds in other formats than text: how well and how fast the importer reads them.

    python bench/formats.py                 # each format's fixtures against their labels
    python bench/formats.py --pages 1000    # import 1,000 saved pages: the time
    python bench/formats.py --warc-mb 1024  # import a 1 GB WARC: the time and the peak memory

The fixtures are tests/fixtures/seeds/ (made for the tests; labels.json says what each
holds). The 1,000 pages are those fixtures again under other addresses and headlines; the
WARC holds the 40 article pages once and, for its bulk, image records of random bytes, as a
crawl's WARC does.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "seeds"
FORMATS = {"saved page (.html)": ("html", "saved", "singlefile"), "web archive (.warc.gz)": ("warc",),
           "web archive (.wacz)": ("wacz",), "PDF report (.pdf)": ("pdf",)}
SEEDS = {"warc": ["warc/captures.warc.gz"], "wacz": ["wacz/site.wacz"], "pdf": ["pdf/report.pdf", "pdf/scanned.pdf"]}


def project(root: Path, seeds: list[Path]) -> Path:
    root.mkdir(parents=True)
    for name in ("layouts", "static"):
        shutil.copytree(REPO / name, root / name)
    for name in ("gazetteer.toml", "taxonomy.toml"):
        shutil.copy(REPO / name, root / name)
    (root / "site.toml").write_text('title = "Bench"\nbase_url = "https://example.org/"\n')
    (root / "seeds").mkdir()
    for seed in seeds:
        shutil.copy(seed, root / "seeds" / seed.name)
    return root


def run_import(root: Path) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall time and the import's peak memory (KB), as a separate process."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "import", "--config", str(root / "site.toml")],
                            capture_output=True, text=True)
    wall = time.perf_counter() - start
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, result


def plain(body: str) -> list[str]:
    text = re.sub(r"\[([^\]]*)\]\(<[^>]*>\)", r"\1", body)
    text = re.sub(r"\\(.)", r"\1", text).replace("&amp;", "&").replace("&lt;", "<")
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip() and not p.startswith("#")]


def accuracy() -> None:
    import frontmatter

    labels = json.loads((FIXTURES / "labels.json").read_text())["articles"]
    print("| format | articles | headline right | date read (and its source named) | source address | "
          "body starts at the lead | body ends at the last paragraph | comment, related or share lines in the body |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, kinds in FORMATS.items():
        wanted = [a for a in labels if a["fixture_type"] in kinds]
        seeds = sorted({FIXTURES / s for k in kinds for s in SEEDS.get(k, [])} |
                       {FIXTURES / a["file"] for a in wanted if a["fixture_type"] not in SEEDS})
        with tempfile.TemporaryDirectory() as folder:
            root = project(Path(folder) / "p", seeds)
            run_import(root)
            posts = {}
            for path in (root / "content").glob("*.md"):
                post = frontmatter.load(path)
                source = post["source"]
                posts[source["url"] if source.get("captured") else source["seed"]] = post
        if kinds == ("warc",):  # the latest capture of each page
            wanted = list({a["url"]: a for a in wanted}.values())
        counts = [0] * 6
        for label in wanted:
            post = posts.get(label.get("url") if kinds[0] in ("warc", "wacz") else Path(label["file"]).name)
            if post is None:
                continue
            body = plain(post.content)
            checks = [post["title"] == label["headline"],
                      post.get("date") == label["date"] and bool(post.get("date_note")),
                      post["source"].get("url", "") == (label.get("url") or label.get("canonical_url") or ""),
                      bool(body) and body[0] == " ".join(label["first_body_line"].split()),
                      bool(body) and body[-1] == " ".join(label["last_body_line"].split()),
                      any(line in post.content for line in label["not_in_body"])]
            counts = [c + bool(k) for c, k in zip(counts, checks)]
        n = len(wanted)
        print(f"| {name} | {len(posts)} of {n} | " + " | ".join(f"{c} of {n}" for c in counts[:5]) + f" | {counts[5]} |")


def many_pages(count: int) -> None:
    pages = sorted((FIXTURES / "html").glob("*.html"))
    with tempfile.TemporaryDirectory() as folder:
        root = project(Path(folder) / "p", [])
        for n in range(count):
            page = pages[n % len(pages)].read_text()
            page = re.sub(r"(<h1[^>]*>)(.*?)(</h1>)", lambda m: f"{m.group(1)}{m.group(2)} ({n}){m.group(3)}", page, count=1)
            page = re.sub(r'(rel="canonical" href="[^"]+?)/?"', lambda m: f'{m.group(1)}-{n}/"', page, count=1)
            (root / "seeds" / f"page-{n:05d}.html").write_text(page)
        wall, peak, result = run_import(root)
        assert result.returncode == 0, result.stderr
        print(f"{count} saved pages: {wall:.1f} s ({wall / count * 1000:.0f} ms a page), peak memory {peak / 1024:.0f} MB; "
              + result.stdout.strip().split("\n")[-1])


def big_warc(megabytes: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with tempfile.TemporaryDirectory() as folder:
        root = project(Path(folder) / "p", [])
        path = root / "seeds" / "crawl.warc.gz"
        blob = os.urandom(1 << 20)  # a megabyte that gzip cannot shrink
        with path.open("wb") as out:
            writer = WARCWriter(out, gzip=True)
            for n, page in enumerate(sorted((FIXTURES / "html").glob("*.html"))):
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(f"https://bench.example/{n}/", "response",
                                                              payload=io.BytesIO(page.read_bytes()), http_headers=headers))
            for n in range(megabytes):
                headers = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(f"https://bench.example/img/{n}.jpg", "response",
                                                              payload=io.BytesIO(blob[n % 7:] + blob[:n % 7]),
                                                              http_headers=headers))
        size = path.stat().st_size
        wall, peak, result = run_import(root)
        assert result.returncode == 0, result.stderr
        print(f"a {size / 1e9:.2f} GB WARC ({megabytes} image records, 40 pages): {wall:.1f} s, peak memory "
              f"{peak / 1024:.0f} MB; " + " / ".join(result.stdout.strip().split("\n")[-2:]))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, help="import this many saved pages and report the time")
    parser.add_argument("--warc-mb", type=int, help="import a WARC of about this many MB and report time and memory")
    args = parser.parse_args()
    if args.pages:
        many_pages(args.pages)
    elif args.warc_mb:
        big_warc(args.warc_mb)
    else:
        accuracy()

"""The command line: parse arguments, run a command, print problems, never a traceback."""
from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import sys
import textwrap
import traceback
import time
from pathlib import Path
from urllib.parse import urlsplit

from .config import load_config
from .errors import BuildFailed, Problem, did_you_mean

COMMANDS = ("build", "import", "serve", "new", "check", "places", "gazetteer")

DESCRIPTION = """\
Build a static, cross-linked archive site from the Markdown articles in content/.
Without a command, 'python build.py' builds (the options of build below apply).
Run 'python build.py COMMAND --help' for the options of a command.
"""

EPILOG = """\
examples:
  python build.py                                   build into _site/ with site.toml's settings
  python build.py --base-url https://me.github.io/archive/   build for a GitHub Pages project
  python build.py import                            import new seeds only
  python build.py serve                             preview while editing; Ctrl-C stops it
  python build.py check --strict                    fail on warnings too (unknown places, duplicates…)

Errors are printed as 'file:line: error: what is wrong — how to fix it'; the build then
exits with status 1 and leaves the previous output untouched. Other exit statuses: 130
after Ctrl-C and 143 after SIGTERM (the previous output untouched), 70 for a bug of the
generator, which prints its traceback.
"""


class Progress:
    """A one-line progress bar on a terminal; silent in CI and when output is piped."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.live = stream.isatty() and not os.environ.get("CI")
        self.shown = False

    def __call__(self, label: str, done: int, total: int) -> None:
        if not self.live or total < 50:
            return
        width = 30
        filled = width * done // max(total, 1)
        self.stream.write(f"\r{label:<10} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.shown = False


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python build.py", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--config", metavar="FILE", type=Path, default=None,
                       help="the site configuration (default: site.toml beside build.py)")

    build = sub.add_parser("build", help="(the default) import new seeds, then build the site into the output folder",
                           description="Import new seeds, then build the site: only the pages whose inputs "
                                       "changed are made again, in a staging folder that is then swapped into "
                                       "place, so a failed build leaves the previous output untouched. A second "
                                       "build of the same output waits for the first to finish.")
    common(build)
    build.add_argument("--base-url", metavar="URL",
                       help="the address the site will be published at, e.g. https://user.github.io/repo/ "
                            "(overrides base_url in site.toml)")
    build.add_argument("--output", metavar="DIR", type=Path,
                       help="the folder to build into (overrides output_dir in site.toml)")
    build.add_argument("--no-import", action="store_true", help="build from content/ without importing seeds")
    build.add_argument("--no-cache", action="store_true",
                       help="ignore the build cache in .cache/build/ and render every page (a cold build, which "
                            "makes the same site)")
    build.add_argument("--no-search", action="store_true",
                       help="skip the search index (faster; the search page then finds nothing)")

    imp = sub.add_parser("import", help="turn each report in seeds/ that has no article yet into content/<slug>.md",
                         description="Turn each report in the seeds folder that has no article yet into a Markdown "
                                     "file with front matter: texts copied from pages (.txt), saved pages (.html, "
                                     ".htm), web archives (.warc, .warc.gz, .wacz: one article per captured article "
                                     "page) and PDF reports (.pdf). Seeds are never modified and an article an "
                                     "editor has edited is never overwritten.")
    common(imp)
    imp.add_argument("--seeds", metavar="DIR", type=Path, help="the folder of seeds (default: seeds/)")
    imp.add_argument("--content", metavar="DIR", type=Path, help="the folder to write articles to (default: content/)")

    srv = sub.add_parser("serve", help="preview the site on http://127.0.0.1:8000/, rebuilt and reloaded on every save",
                         description="Build the site into .cache/serve/, serve it as GitHub Pages would (under the "
                                     "base path of site.toml, with 404.html), and rebuild whenever a file in "
                                     "content/, layouts/, seeds/, static/ or site.toml, gazetteer.toml or "
                                     "taxonomy.toml changes. Open pages reload by themselves; a failed rebuild "
                                     "shows its errors in the browser and keeps the last good site. Drafts are "
                                     "shown, marked as drafts. Ctrl-C stops the server.")
    common(srv)
    srv.add_argument("--port", type=int, default=8000, help="the port to listen on (default: 8000; 0 picks a free one)")
    srv.add_argument("--host", default="127.0.0.1",
                     help="the address to listen on (default: 127.0.0.1, this computer only)")
    srv.add_argument("--no-drafts", action="store_true", help="leave drafts out, as on the published site")

    new = sub.add_parser("new", help="start a new article: python build.py new \"Title\" --place Hajin --tag SDF",
                         description="Write content/<slug>.md with a unique id, the places and tags given and the "
                                     "report's date if given (else it is undated), as a draft, and print its path.")
    common(new)
    new.add_argument("title", help="the article's headline, in quotes")
    new.add_argument("--place", action="append", default=[], metavar="NAME", help="a place (repeat for more)")
    new.add_argument("--tag", action="append", default=[], metavar="NAME", help="a tag (repeat for more)")
    new.add_argument("--date", metavar="DATE", help="the report's date: YYYY, YYYY-MM or YYYY-MM-DD (default: undated)")

    chk = sub.add_parser("check", help="check every file and report problems, writing nothing",
                         description="Check site.toml, every article's front matter, places missing from the "
                                     "gazetteer and tags missing from the taxonomy, undated articles, likely "
                                     "duplicate reports and links to pages that do not exist. Exits 1 on an "
                                     "error (with --strict, on a warning too).")
    common(chk)
    chk.add_argument("--strict", action="store_true",
                     help="treat warnings as errors, and warn of articles without a summary or a source")

    places = sub.add_parser("places", help="print gazetteer.toml entries for places no gazetteer holds",
                            description="Print a [[place]] entry for every place the articles name that no gazetteer "
                                        "holds, most named first: its name, what the texts call it, a likely parent "
                                        "(the place named beside it most often), and the coordinates to fill in. "
                                        "Paste the entries into gazetteer.toml and complete them.")
    common(places)

    gaz = sub.add_parser("gazetteer", help="download the GeoNames extracts (villages, alternate names): gazetteer update",
                         description="'gazetteer update' downloads the GeoNames extract of each country in site.toml "
                                     "(every village and town, with its alternate names, and the divisions) into "
                                     "geonames/, which the gazetteer then reads instead of the packaged towns. Commit "
                                     "that folder: builds stay offline and repeatable.")
    common(gaz)
    gaz.add_argument("action", choices=["update"], help="update: download the extracts again")
    gaz.add_argument("--source", metavar="URL", default=None,
                     help="where the extracts are (default: https://download.geonames.org/export/dump/)")
    # The build's options, which also apply without a command, in the main help too.
    shown = [a for a in build._actions if a.option_strings and "-h" not in a.option_strings]
    options = "\n".join(textwrap.fill(a.help, 88, initial_indent=f"  {' '.join(a.option_strings) + (' ' + a.metavar if a.metavar else ''):<16} ",
                                       subsequent_indent=" " * 19) for a in shown)
    parser.epilog = f"build options:\n{options}\n\n{EPILOG}"
    return parser


def print_problems(problems: list[Problem], stream=sys.stderr) -> None:
    for problem in problems:
        print(problem, file=stream)


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in COMMANDS and not argv[0].startswith("-"):
        hint = did_you_mean(argv[0], COMMANDS) or "the commands are " + ", ".join(COMMANDS)
        print(f"python build.py: unknown command '{argv[0]}' — {hint}", file=sys.stderr)
        return 2
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")
    args = make_parser().parse_args(argv)
    root = (root or Path.cwd()).resolve()
    project = args.config.resolve().parent if args.config else root
    signal.signal(signal.SIGTERM, stop)  # like Ctrl-C: workers stopped, the lock released, the old site kept
    try:
        if args.command == "import":
            return run_import(args, project)
        if args.command == "serve":
            return run_serve(args, project)
        if args.command == "new":
            return run_new(args, project)
        if args.command == "check":
            return run_check(args, project)
        if args.command == "places":
            return run_places(args, project)
        if args.command == "gazetteer":
            return run_gazetteer(args, project)
        return run_build(args, project)
    except BuildFailed as failure:
        print_problems(failure.problems)
        errors = sum(p.severity == "error" for p in failure.problems)
        counted = f"{errors} error{'s' if errors != 1 else ''}"
        if args.command in ("build", None):
            print(f"Build failed: {counted}. The previous output was left as it was.", file=sys.stderr)
        else:
            print(f"{args.command}: {counted}; nothing was written.", file=sys.stderr)
        return 1
    except KeyboardInterrupt as interrupt:
        print("Interrupted. The previous output was left as it was.", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        # Now, without waiting for workers stopped mid-task (workers.Pool.close): the lock is
        # released and the published site untouched already.
        os._exit(143 if isinstance(interrupt, Terminated) else 130)
    except Exception:  # noqa: BLE001 - not the editor's mistake: ours
        traceback.print_exc()
        print("This is a bug in the generator, not a problem in your files; the previous output was left as it "
              "was. Please report it, with the lines above and the command you ran.", file=sys.stderr)
        return 70


class Terminated(KeyboardInterrupt):
    """SIGTERM, as a service manager or CI sends it, taken as an interruption."""


def stop(signum, frame):
    raise Terminated()


def run_import(args, project: Path) -> int:
    from .importer import import_seeds, print_report

    config = load_config(project, config_path=args.config)
    report = import_seeds(config, seeds_dir=args.seeds, content_dir=args.content)
    print_report(report)
    return 0


def run_build(args, project: Path) -> int:
    from .pipeline import build

    started = time.perf_counter()
    overrides = {"base_url": args.base_url, "output_dir": str(args.output.resolve()) if args.output else None}
    config = load_config(project, overrides, config_path=args.config)
    if args.no_search:
        config = dataclasses.replace(config, search=False)
    progress = Progress()
    try:
        result = build(config, progress=progress, use_cache=not args.no_cache, run_import=not args.no_import)
    finally:
        progress.clear()
    if result.imported and (result.imported.created or result.imported.updated):
        from .importer import print_report

        print_report(result.imported)
    warnings = (result.imported.warnings if result.imported else []) + result.warnings
    print_problems(warnings)
    seconds = time.perf_counter() - started
    shown = os.path.relpath(config.output_dir, Path.cwd())
    counted = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
    if result.unchanged:
        print(f"Nothing changed since the last build ({result.pages:,} files) in {seconds:.1f} s, {counted} → {shown}")
    else:
        articles = f"{result.articles:,} article{'s' if result.articles != 1 else ''}"
        print(f"Built {result.pages:,} files ({articles}; {result.rendered:,} rendered, {result.pages - result.rendered:,} "
              f"reused) in {seconds:.1f} s, {counted} → {shown}")
        if config.search:
            print(f"Search index: {len(result.indexed)} shard{'s' if len(result.indexed) != 1 else ''} indexed"
                  f"{' (' + ', '.join(result.indexed) + ')' if result.indexed else ''}, the others unchanged")
        base_path = urlsplit(config.base_url).path
        if base_path not in ("", "/"):
            print(f"Note: the site is published under {base_path}, and crawlers read robots.txt only at a domain's "
                  f"root: submit {config.base_url}sitemap.xml in Google Search Console or Bing Webmaster Tools instead")
    report_size(result.size, config.size_limit_mb)
    return 0


def report_size(counted: tuple[int, int], limit_mb: int) -> None:
    """The site's size against what the host publishes (size_limit_mb), with a warning past
    75% of it and another past 90%."""
    size, files = counted
    share, limit = size / (limit_mb * 1e6), f"{limit_mb:,} MB" if limit_mb != 1000 else "1 GB"
    shown = f"{share:.1%}" if share < 0.1 else f"{share:.0%}"
    print(f"Site: {files:,} files, {size / 1e6:,.1f} MB, {shown} of the {limit} the host publishes")
    if share >= 0.9:
        print(f"warning: the site is {share:.0%} of the {limit} the host publishes, which refuses a larger site — "
              "see \"Limits\" in the README", file=sys.stderr)
    elif share >= 0.75:
        print(f"warning: the site is {share:.0%} of the {limit} the host publishes — see \"Limits\" in the README "
              "for what to do before it is full", file=sys.stderr)


def run_serve(args, project: Path) -> int:
    from .serve import serve

    config = load_config(project, config_path=args.config)
    try:
        return serve(config, args.host, args.port, include_drafts=not args.no_drafts, config_path=args.config)
    except OSError as err:
        print(f"error: cannot listen on {args.host}:{args.port}: {err.strerror} — "
              f"choose another port with --port", file=sys.stderr)
        return 1


def run_new(args, project: Path) -> int:
    from .errors import display_path
    from .newarticle import new_article

    config = load_config(project, config_path=args.config)
    path, warnings = new_article(config, args.title, args.place, args.tag, args.date)
    print_problems(warnings)
    print(display_path(path, config.root))
    return 0


def run_places(args, project: Path) -> int:
    from .pipeline import load_sources
    from .unresolved import stubs, unresolved_places

    config = load_config(project, config_path=args.config)
    sources = load_sources(config)
    print_problems([p for p in sources.problems if p.severity == "error"])
    print(stubs(unresolved_places(sources.articles, sources.gazetteer, sources.taxonomy), sources.gazetteer), end="")
    return 0


def run_gazetteer(args, project: Path) -> int:
    from .geonames import DUMP_URL, download_extracts

    config = load_config(project, config_path=args.config)
    download_extracts(config.root, config.countries, args.source or DUMP_URL,
                      report=lambda line: print(line, file=sys.stderr))
    print(f"The gazetteer now reads geonames/ for {', '.join(config.countries)}. Commit the folder.")
    return 0


def run_check(args, project: Path) -> int:
    from .check import check_site

    config = load_config(project, config_path=args.config)
    problems = check_site(config, strict=args.strict)
    print_problems(problems, sys.stdout)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    print(f"check: {errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}")
    return 1 if errors or (args.strict and warnings) else 0

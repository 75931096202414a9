"""Serve a built site over HTTP as GitHub Pages would: under the base path, pretty URLs,
`404.html` with status 404 for anything missing, and never a file outside the site."""
from __future__ import annotations

import http.server
import posixpath
import socket
import threading
from io import BytesIO
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    def transform_html(self, data: bytes) -> bytes:
        return data  # `serve` adds its reload script here; the built files never change

    def __init__(self, *args, site_dir: Path, base_path: str, **kwargs):
        self.site_dir = site_dir.resolve()
        self.base_path = base_path if base_path.endswith("/") else base_path + "/"
        super().__init__(*args, directory=str(self.site_dir), **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass  # a preview server that prints every request drowns the build messages

    def resolve(self, url_path: str) -> Path | None:
        """The file for a URL path, or None. Never outside the site folder."""
        path = unquote(urlsplit(url_path).path)
        if not path.startswith(self.base_path):
            return None
        relative = posixpath.normpath("/" + path[len(self.base_path):]).lstrip("/")
        if "\x00" in relative or any(len(part.encode()) > 255 for part in relative.split("/")):
            return None  # no file has such a name (the system would refuse to look)
        try:
            candidate = (self.site_dir / relative).resolve()
            if candidate != self.site_dir and self.site_dir not in candidate.parents:
                return None
            if candidate.is_dir():
                candidate = candidate / "index.html"
            return candidate if candidate.is_file() else None
        except (OSError, ValueError):  # a path too long in all, or a loop of links
            return None

    def send_head(self):
        path = unquote(urlsplit(self.path).path)
        target = self.resolve(self.path)
        folder = self.resolve(path + "/") if not path.endswith("/") else None
        if target is None and folder is not None:
            self.send_response(301)  # GitHub Pages adds the slash to a folder's URL
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if target is None:
            return self.send_not_found()
        return self.send_file(target, 200)

    def send_file(self, target: Path, status: int):
        data = target.read_bytes()
        if target.suffix == ".html":
            data = self.transform_html(data)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(target)))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return BytesIO(data)

    def send_not_found(self):
        page = self.site_dir / "404.html"
        if page.is_file():
            return self.send_file(page, 404)
        # No site yet (the first build failed): a bare page, so a preview can still show why.
        data = self.transform_html(b"<!doctype html><html lang=en><head><meta charset=utf-8><title>Not found</title>"
                                   b"</head><body><h1>Not found</h1></body></html>")
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return BytesIO(data)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # a burst of requests waits in line instead of being refused
    allow_reuse_address = True


def make_server(site_dir: Path, base_path: str, host: str = "127.0.0.1", port: int = 0, mixin=None) -> Server:
    handler_class = type("LiveSiteHandler", (mixin, SiteHandler), {}) if mixin else SiteHandler
    server_class = type("Server6", (Server,), {"address_family": socket.AF_INET6}) if ":" in host else Server
    return server_class((host, port), partial(handler_class, site_dir=site_dir, base_path=base_path))


def serve_in_background(site_dir: Path, base_path: str, host: str = "127.0.0.1", port: int = 0):
    server = make_server(site_dir, base_path, host, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server

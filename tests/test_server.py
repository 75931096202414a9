"""The dev server leaks nothing and does not fall over: path traversal in every spelling,
symlinks out of the site, 1,000 concurrent requests, malformed HTTP."""
import http.client
import socket
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from conftest import article, fetch

SECRET = "TOP-SECRET-LINE"


def raw_get(served, path: str) -> tuple[int, bytes]:
    address = urlsplit(served.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    connection.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_path_traversal_and_symlinks_read_nothing_outside_the_site(serve_project, tmp_path):
    root, served = serve_project({"content/a.md": article("A")})
    (root / "secret.txt").write_text(SECRET)
    outside = tmp_path / "outside.txt"
    outside.write_text(SECRET)
    site = root / ".cache" / "serve" / "site"
    (site / "leak.txt").symlink_to(outside)
    (site / "leakdir").symlink_to(tmp_path)
    base = urlsplit(served.url).path  # /archive/
    attempts = ["../secret.txt", "../../secret.txt", "%2e%2e/secret.txt", "%2E%2E%2Fsecret.txt", "..%2fsecret.txt",
                "articles/../../secret.txt", "..\\secret.txt", "%2e%2e%5csecret.txt", "leak.txt", "leakdir/outside.txt",
                "/etc/passwd", "....//secret.txt", "%252e%252e/secret.txt"]
    for attempt in attempts:
        status, body = raw_get(served, base + attempt)
        assert status in (403, 404), attempt
        assert SECRET.encode() not in body and b"root:" not in body, attempt
    for path in ("/secret.txt", "/../secret.txt", "//etc/passwd", f"{base}articles/a/index.html/../../../secret.txt"):
        status, body = raw_get(served, path)
        assert status in (403, 404) and SECRET.encode() not in body, path
    assert raw_get(served, base + "articles/a/")[0] == 200


def test_impossible_file_names_are_not_found_and_the_server_goes_on(serve_project):
    root, served = serve_project({"content/a.md": article("A")})
    base = urlsplit(served.url).path
    for path in ("%00", "articles/%00a/", "a" * 300 + "/", "x/" * 3000, "%c0%ae%c0%ae/secret"):
        assert raw_get(served, base + path)[0] == 404, path[:20]
    assert raw_get(served, base + "articles/a/")[0] == 200


def test_a_thousand_concurrent_requests_are_all_answered(serve_project):
    root, served = serve_project({f"content/a{n}.md": article(f"Report {n}", tags="[SDF]") for n in range(5)})
    paths = ["", "articles/a1/", "tags/sdf/", "feed.xml", "assets/style.css", "no/such/page/"]
    urls = [served.url + paths[n % len(paths)] for n in range(1000)]
    with ThreadPoolExecutor(max_workers=200) as pool:
        statuses = list(pool.map(lambda url: fetch(url)[0], urls))
    expected = [404 if url.endswith("no/such/page/") else 200 for url in urls]
    assert statuses == expected
    assert served.process.poll() is None


def test_malformed_http_does_not_stop_the_server(serve_project):
    root, served = serve_project({"content/a.md": article("A")})
    address = urlsplit(served.url)
    for garbage in (b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00",
                    b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
                    b"GET /archive/ HTTP/1.1\r\n"):  # and one that never finishes
        with socket.create_connection((address.hostname, address.port), timeout=5) as connection:
            connection.sendall(garbage)
            connection.shutdown(socket.SHUT_WR)
            try:
                connection.recv(1024)
            except (ConnectionResetError, socket.timeout):
                pass
    assert fetch(served.url + "articles/a/")[0] == 200
    assert served.process.poll() is None


def test_listens_on_loopback_only_by_default(serve_project):
    root, served = serve_project({"content/a.md": article("A")})
    assert urlsplit(served.url).hostname == "127.0.0.1"

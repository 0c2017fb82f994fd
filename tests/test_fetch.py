"""URL fetching: articles come back, and no URL can make headcheck talk to a private address.

A local server on 127.0.0.1 plays the web; it is reached only through allow_hosts.
Traffic is never sent to any other address: refused URLs must fail before connecting.
"""

from __future__ import annotations

import gzip
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import certifi
import pytest

from headcheck import Article, __version__
from headcheck.errors import FetchError, InputError
from headcheck.inputs import validate
from headcheck.inputs.fetch import fetch as fetch_page
from headcheck.inputs.fetch import is_public


def fetch(url: str, **options: Any) -> Article:
    """A page as every front end gets it: fetched, then validated."""
    return validate(fetch_page(url, **options))


HEADLINE = "Pellingford harbour reopens after storm repairs"
PARAGRAPHS = [
    "The harbour at Pellingford reopened on Monday after six weeks of repairs to the sea wall, which was "
    "breached during the January storms.",
    "Harbour master Dorrit Lask said the fishing fleet had been moored at the old quay since the storm, and "
    "that crews were glad to be back at their usual berths before the start of the crab season.",
    "The council paid for most of the work, with the rest coming from the harbour's own repair fund.",
]
BODY = "\n".join(PARAGRAPHS)
ARTICLE_HTML = (
    f"<!doctype html><html><head><title>{HEADLINE}</title></head><body><nav>Home | News</nav>"
    f"<article><h1>{HEADLINE}</h1>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</article></body></html>"
).encode()
OVERSIZE = 6_000_000
ALLOW = ("127.0.0.1",)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""

    def _send(self, status: int, body: bytes, content_type: str = "text/html", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.seen.append(dict(self.headers.items()))
        path = self.path
        if path == "/article":
            self._send(200, ARTICLE_HTML, "text/html; charset=utf-8")
        elif path == "/plain":
            self._send(200, f"{HEADLINE}\n3 min read\n{BODY}".encode(), "text/plain")
        elif path == "/nav-only":
            self._send(200, b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
        elif path.startswith("/redirect/"):
            left = int(path.rsplit("/", 1)[1])
            self._send(302, b"", location=f"/redirect/{left - 1}" if left > 1 else "/article")
        elif path.startswith("/to?"):
            self._send(302, b"", location=path.removeprefix("/to?"))
        elif path == "/big":
            self._send(200, b"<p>" + b"harbour " * (OVERSIZE // 8) + b"</p>")
        elif path == "/gzip-bomb":
            bomb = gzip.compress(b"<p>" + b"harbour " * (OVERSIZE // 8) + b"</p>")
            self._send(200, bomb, content_encoding="gzip")
        elif path == "/pdf":
            self._send(200, b"%PDF-1.7\n", "application/pdf")
        elif path == "/slow":
            self.server.release.wait(5)
            self._send(200, ARTICLE_HTML)
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            while not self.server.release.wait(0.05):
                self.wfile.write(b"<p>harbour</p>")
                self.wfile.flush()
        else:
            self._send(404, b"not found")


class _Server(ThreadingHTTPServer):
    seen: list[dict[str, str]]
    release: threading.Event

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that stop reading early (as fetch must) are expected here."""


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.seen = []
    httpd.release = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.release.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def base(server: _Server) -> str:
    server.seen.clear()
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, list[str]], list[str]]:
    """Make host names resolve to chosen addresses; returns the log of names looked up."""
    names: dict[str, list[str]] = {}
    lookups: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        if host not in names:
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in names[host]]

    def add(host: str, addresses: list[str]) -> list[str]:
        names[host] = addresses
        return lookups

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return add


# -- articles come back ----------------------------------------------------------------------------


def test_fetches_html_article(base: str, server: _Server, connections: list[tuple[str, int]]) -> None:
    got = fetch(f"{base}/article", allow_hosts=ALLOW)
    assert (got.headline, got.body, got.url) == (HEADLINE, BODY, f"{base}/article")
    assert server.seen[0]["User-Agent"] == f"headcheck/{__version__}"


def test_fetches_plain_text_article(base: str) -> None:
    got = fetch(f"{base}/plain", allow_hosts=ALLOW)
    assert (got.headline, got.body, got.url) == (HEADLINE, BODY, f"{base}/plain")


def test_follows_redirects_and_reports_final_url(base: str, connections: list[tuple[str, int]]) -> None:
    got = fetch(f"{base}/redirect/5", allow_hosts=ALLOW)
    assert got.url == f"{base}/article"
    assert got.headline == HEADLINE
    assert len(connections) == 6  # one per hop, no pooled connection reused


def test_too_many_redirects_are_refused(base: str) -> None:
    with pytest.raises(FetchError, match=r"^fetching URL failed: more than 5 redirects$"):
        fetch(f"{base}/redirect/6", allow_hosts=ALLOW)
    with pytest.raises(FetchError, match=r"more than 2 redirects"):
        fetch(f"{base}/redirect/3", allow_hosts=ALLOW, max_redirects=2)


def test_connects_to_the_checked_address_and_keeps_the_host_name(
    server: _Server, fake_dns: Callable[[str, list[str]], list[str]], connections: list[tuple[str, int]]
) -> None:
    port = server.server_address[1]
    lookups = fake_dns("news.example", ["127.0.0.1"])
    got = fetch(f"http://news.example:{port}/article", allow_hosts=ALLOW)
    assert got.url == f"http://news.example:{port}/article"
    assert server.seen[-1]["Host"] == f"news.example:{port}"
    # Resolved once, by the check: a rebinding DNS server gets no second chance.
    assert lookups == ["news.example"]
    assert connections == [("127.0.0.1", port)]


def _make_certificates(directory: Path) -> None:
    """A throwaway CA and a server certificate for news.example, made with the openssl CLI."""

    def openssl(command: str) -> None:
        subprocess.run(["openssl", *command.split()], cwd=directory, check=True, capture_output=True)

    openssl(
        "req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=headcheck-test-CA"
        " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign"
    )
    openssl("req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=news.example")
    (directory / "ext.cnf").write_text("subjectAltName=DNS:news.example\nbasicConstraints=CA:FALSE\n")
    openssl(
        "x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2"
        " -extfile ext.cnf"
    )


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_https_verifies_the_host_name_on_the_pinned_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_dns: Callable[[str, list[str]], list[str]]
) -> None:
    _make_certificates(tmp_path)
    monkeypatch.setattr(certifi, "where", lambda: str(tmp_path / "ca.pem"))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tmp_path / "server.pem", tmp_path / "server.key")
    server_names: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: server_names.append(name)
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.seen, httpd.release = [], threading.Event()
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    fake_dns("news.example", ["127.0.0.1"])
    fake_dns("other.example", ["127.0.0.1"])
    try:
        assert fetch(f"https://news.example:{port}/article", allow_hosts=ALLOW).headline == HEADLINE
        assert server_names == ["news.example"]
        # The certificate is checked against the URL's host, not the address connected to.
        with pytest.raises(
            FetchError, match=r"cannot connect to other.example .*not valid for 'other.example'"
        ):
            fetch(f"https://other.example:{port}/article", allow_hosts=ALLOW)
        with pytest.raises(FetchError, match=r"certificate is not valid for '127.0.0.1'"):
            fetch(f"https://127.0.0.1:{port}/article", allow_hosts=ALLOW)
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_allow_hosts_takes_a_host_name(server: _Server) -> None:
    port = server.server_address[1]
    assert fetch(f"http://localhost:{port}/article", allow_hosts=("LocalHost",)).headline == HEADLINE


def test_tries_the_next_checked_address_when_one_refuses(
    server: _Server, fake_dns: Callable[[str, list[str]], list[str]], connections: list[tuple[str, int]]
) -> None:
    # Nothing listens on 127.0.0.2 (as with a host whose IPv6 address is unreachable).
    port = server.server_address[1]
    fake_dns("dual.example", ["127.0.0.2", "127.0.0.1"])
    assert fetch(f"http://dual.example:{port}/article", allow_hosts=("dual.example",)).headline == HEADLINE
    assert connections == [("127.0.0.2", port), ("127.0.0.1", port)]


# -- refusals before any connection ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:{port}/article", "refusing to fetch 127.0.0.1: 127.0.0.1 is not a public address"),
        ("http://localhost:{port}/article", "refusing to fetch localhost: .* is not a public address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is not a public address"),
        ("http://[fd00:ec2::254]/", "fd00:ec2::254 is not a public address"),
        ("http://100.100.100.200/", "100.100.100.200 is not a public address"),
        ("http://192.0.0.192/", "192.0.0.192 is not a public address"),
        ("http://10.0.0.1/", "10.0.0.1 is not a public address"),
        ("http://[::1]/", "refusing to fetch ::1: ::1 is not a public address"),
        ("http://[::ffff:10.0.0.1]/", "not a public address"),
        ("http://0.0.0.0/", "not a public address"),
        ("http://224.0.0.1/", "not a public address"),
        ("ftp://x/file", "^only http and https URLs can be fetched, not ftp: ftp://x/file$"),
        ("file:///etc/passwd", "^only http and https URLs can be fetched, not file"),
        ("news.example/article", "^only http and https URLs can be fetched, not a path"),
        ("http:///article", "^the URL has no host"),
    ],
)
def test_refuses_non_public_targets(
    url: str, message: str, server: _Server, connections: list[tuple[str, int]]
) -> None:
    with pytest.raises(InputError, match=message):
        fetch(url.format(port=server.server_address[1]))
    assert connections == []


def test_refuses_names_with_any_private_address(
    fake_dns: Callable[[str, list[str]], list[str]], connections: list[tuple[str, int]]
) -> None:
    fake_dns("intranet.example", ["10.1.2.3"])
    fake_dns("mixed.example", ["93.184.0.10", "192.168.1.20"])
    with pytest.raises(InputError, match=r"^refusing to fetch intranet.example: 10.1.2.3 is not a public"):
        fetch("http://intranet.example/")
    with pytest.raises(InputError, match=r"192.168.1.20 is not a public address"):
        fetch("https://mixed.example/")
    assert connections == []


def test_allowing_another_address_does_not_allow_a_private_name(
    fake_dns: Callable[[str, list[str]], list[str]], connections: list[tuple[str, int]]
) -> None:
    fake_dns("intranet.example", ["10.1.2.3"])
    with pytest.raises(InputError, match=r"is not a public address"):
        fetch("http://intranet.example/", allow_hosts=("10.9.9.9",))
    assert connections == []


@pytest.mark.parametrize(
    "target",
    ["http://10.0.0.1/", "//169.254.169.254/latest/meta-data/", "http://[::1]:8080/", "ftp://files.example/"],
)
def test_redirect_from_allowed_host_to_private_address_is_refused(
    target: str, base: str, server: _Server, connections: list[tuple[str, int]]
) -> None:
    with pytest.raises(InputError, match=r"is not a public address|only http and https"):
        fetch(f"{base}/to?{target}", allow_hosts=ALLOW)
    assert len(server.seen) == 1  # the redirect itself, nothing after it
    assert all(address[0] == "127.0.0.1" for address in connections)


def test_unresolvable_host(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: Any, **kwargs: Any) -> list[Any]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(FetchError, match=r"^fetching URL failed: cannot resolve host nowhere.example$"):
        fetch("https://nowhere.example/")


def test_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match=r"^fetching URL failed: cannot connect to 127.0.0.1"):
        fetch(f"http://127.0.0.1:{port}/", allow_hosts=ALLOW)


# -- refusals of what the server sends -------------------------------------------------------------


def test_oversized_page_is_refused(base: str) -> None:
    with pytest.raises(FetchError, match=r"^the page is larger than 5 MB$"):
        fetch(f"{base}/big", allow_hosts=ALLOW)


def test_compressed_page_is_capped_after_decompression(base: str) -> None:
    with pytest.raises(FetchError, match=r"^the page is larger than 5 MB$"):
        fetch(f"{base}/gzip-bomb", allow_hosts=ALLOW)
    with pytest.raises(FetchError, match=r"^the page is larger than 0.5 MB$"):
        fetch(f"{base}/gzip-bomb", allow_hosts=ALLOW, max_bytes=500_000)


def test_non_text_content_type_is_refused(base: str) -> None:
    with pytest.raises(FetchError, match=r"^the URL serves application/pdf, not a web page or text$"):
        fetch(f"{base}/pdf", allow_hosts=ALLOW)


def test_http_error_status(base: str) -> None:
    with pytest.raises(FetchError, match=r"^fetching URL failed: HTTP 404$"):
        fetch(f"{base}/missing", allow_hosts=ALLOW)


def test_page_without_article_text(base: str) -> None:
    with pytest.raises(InputError, match=r"^no article text found in the HTML$"):
        fetch(f"{base}/nav-only", allow_hosts=ALLOW)


@pytest.mark.parametrize("path", ["/slow", "/drip"], ids=["no-response", "trickling-body"])
def test_slow_server_times_out(path: str, base: str) -> None:
    with pytest.raises(FetchError, match=r"^fetching URL failed: timed out after 0.5 s$"):
        fetch(f"{base}{path}", allow_hosts=ALLOW, timeout=0.5)


# -- address classification ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.0.10", True),
        ("2a00:1450::1", True),
        ("::ffff:93.184.0.10", True),
        ("64:ff9b::5db8:a", True),  # NAT64 of 93.184.0.10
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("100.100.100.200", False),
        ("100.64.0.1", False),
        ("192.0.0.192", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("::", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("fd00:ec2::254", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("2002:a00:1::", False),  # 6to4 of 10.0.0.1
        ("64:ff9b::a00:1", False),  # NAT64 of 10.0.0.1
    ],
)
def test_is_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public

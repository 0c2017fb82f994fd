"""Fetch an article from a URL without letting the URL reach private networks (SSRF).

A URL given to headcheck may come from an untrusted user of a service built on
it, so fetching must not become a way to read loopback services, the internal
network or cloud metadata endpoints. Every hop of a redirect chain is checked:

- only http and https;
- the host is resolved once, every address it resolves to must be public, and
  the connection goes to one of those checked addresses (the URL's host is kept
  in the Host header and as the TLS server name, so certificates are verified
  against it). The name is never resolved again, so DNS rebinding between the
  check and the connection cannot redirect the request;
- allow_hosts lifts the check for a host name or an address, written as in the
  URL without brackets or port ("intranet.example", "127.0.0.1", "::1"); a name
  is also allowed when each of its non-public addresses is in the list.

Environment proxies and .netrc are ignored (trust_env=False): a proxy would make
the connection address meaningless for the check (SSL_CERT_FILE is ignored too,
so only the certifi CA bundle is trusted).

What the server sends is bounded too. The timeout is one wall-clock deadline over
connecting, headers and body of every hop: httpx's timeouts apply to each read, so a
server sending a byte every few seconds would hold a fetch for as long as it liked;
when the deadline passes, the connection is shut down under the read. Bodies are
decompressed here, layer by layer (any chain of gzip and deflate), in pieces of at
most 64 kB, and the cap applies to the decompressed bytes as they stream: a small
gzip bomb, even gzip inside gzip, never inflates past max_bytes in memory.

`fetch` reads an article from a page; `request` is the same guarded exchange for callers that need the
response itself (status, headers, raw body): a feed poller's conditional GET, robots.txt, a webhook's POST.
"""

from __future__ import annotations

import contextlib
import dataclasses
import email.utils
import functools
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from datetime import UTC
from typing import Any, TypeVar

import certifi
import httpx

from headcheck._version import __version__
from headcheck.errors import FetchError, InputError, shown
from headcheck.inputs.readers import decode, from_html, from_text
from headcheck.limits import FETCH_TIMEOUT_S, MAX_FETCH_BYTES, MAX_REDIRECTS, megabytes
from headcheck.types import Article

_SCHEMES = {"http": 80, "https": 443}
_CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
# Metadata endpoints that is_global does not already rule out (169.254.169.254,
# fd00:ec2::254 and 100.100.100.200 are link-local, unique-local and shared space).
_METADATA = frozenset({ipaddress.ip_address("192.0.0.192")})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# The encodings we ask for, and the only ones read: each is decoded in bounded pieces (_inflate).
_ACCEPT_ENCODING = "gzip, deflate"
_GZIP_WBITS = 16 + zlib.MAX_WBITS
_MAX_ENCODINGS = 4  # layers in one Content-Encoding chain; real servers use one
_DECODED_PIECE_BYTES = 64 * 1024
USER_AGENT = f"headcheck/{__version__}"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
T = TypeVar("T")


def _embedded_ipv4(ip: IPAddress) -> IPAddress:
    """IPv6 forms that carry an IPv4 address reach that address, so that one must be checked."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return ip.ipv4_mapped
        if ip.sixtofour:
            return ip.sixtofour
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
    return ip


def is_public(ip: IPAddress) -> bool:
    """Public means routable on the internet: not loopback, private, link-local, reserved or metadata.

    is_global already excludes loopback, private, link-local, shared and
    unspecified ranges; multicast and reserved ranges count as global in Python.
    """
    ip = _embedded_ipv4(ip)
    return ip.is_global and not (ip.is_multicast or ip.is_reserved) and ip not in _METADATA


def _checked_addresses(url: httpx.URL, allowed: frozenset[str]) -> list[str]:
    """Resolve the URL's host once and return its addresses, refusing the URL if any is not public."""
    if url.scheme not in _SCHEMES:
        raise InputError(f"only http and https URLs can be fetched, not {shown(url.scheme or 'a path', 20)}: "
                         f"{shown(url)}")
    host = url.host
    if not host:
        raise InputError(f"the URL has no host: {shown(url)}")
    port = url.port or _SCHEMES[url.scheme]
    try:
        infos = socket.getaddrinfo(url.raw_host.decode("ascii"), port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"fetching URL failed: cannot resolve host {shown(host)}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if host.lower() not in allowed:
        for address in addresses:
            if address not in allowed and not is_public(ipaddress.ip_address(address)):
                raise InputError(f"refusing to fetch {shown(host)}: {address} is not a public address")
    return addresses


class _Deadline:
    """One wall-clock deadline for the whole fetch, enforced under httpx's per-read timeouts.

    Every connection the fetch opens is registered (through httpcore's trace hook) as a duplicate of its
    socket; when the time is up a timer shuts them down, which wakes any read blocked on them, TLS or not.
    """

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0 or self.expired:
            raise httpx.TimeoutException("the fetch took too long")
        return left

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace extension: called with the new stream when a connection is made."""
        if not event.endswith("connect_tcp.complete") or info.get("return_value") is None:
            return
        sock = info["return_value"].get_extra_info("socket")
        if sock is None:
            return
        # A duplicate survives the TLS wrapper taking the original over, and shutting it down ends the connection.
        duplicate = sock.dup()
        with self._lock:
            self._sockets.append(duplicate)
            if self.expired:
                self._shut(duplicate)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()


@dataclasses.dataclass(frozen=True, slots=True)
class _Ask:
    """What is sent on every hop: the method, extra headers and the body (a webhook's POST)."""

    method: str = "GET"
    headers: Mapping[str, str] = dataclasses.field(default_factory=dict)
    content: bytes | None = None


def _open(client: httpx.Client, url: httpx.URL, allowed: frozenset[str], deadline: _Deadline,
          ask: _Ask) -> httpx.Response:
    """Connect to a checked address, trying the next one when a connection is refused."""
    failure: httpx.ConnectError | None = None
    for address in _checked_addresses(url, allowed):
        request = client.build_request(
            ask.method,
            url.copy_with(host=address),
            headers={**ask.headers, "Host": url.netloc.decode("ascii"), "Accept-Encoding": _ACCEPT_ENCODING},
            content=ask.content,
            extensions={"sni_hostname": url.raw_host.decode("ascii"), "trace": deadline.trace},
            timeout=deadline.left(),
        )
        try:
            return client.send(request, stream=True)
        except httpx.ConnectError as exc:
            failure = exc
    raise FetchError(f"fetching URL failed: cannot connect to {shown(url.host)} ({shown(failure)})")


def _inflate(pieces: Iterable[bytes], encoding: str) -> Iterator[bytes]:
    """Undo one layer of gzip or deflate, yielding at most _DECODED_PIECE_BYTES at a time however much a
    piece inflates: zlib is asked for that much, and the rest of its input waits in unconsumed_tail."""
    decoder: Any = None
    for piece in pieces:
        if decoder is None:
            # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate: the header tells.
            zlib_header = len(piece) >= 2 and piece[0] & 0x0F == 8 and int.from_bytes(piece[:2], "big") % 31 == 0
            wbits = _GZIP_WBITS if encoding == "gzip" else zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS
            decoder = zlib.decompressobj(wbits)
        data = piece
        while True:
            try:
                out = decoder.decompress(data, _DECODED_PIECE_BYTES)
            except zlib.error:
                raise FetchError(f"the page's {encoding} encoding is corrupt") from None
            if out:
                yield out
            if decoder.eof:
                return  # anything after the end of the stream is not part of the page
            data = decoder.unconsumed_tail
            if not data and len(out) < _DECODED_PIECE_BYTES:
                break  # this piece is used up and nothing is pending
    if decoder is not None:
        with contextlib.suppress(zlib.error):  # a truncated stream: keep what it held
            if tail := decoder.flush():
                yield tail


def _encodings(response: httpx.Response) -> list[str]:
    """Content-Encoding, in the order the server applied them ("gzip, gzip" is gzip twice)."""
    names = [
        name.strip().lower()
        for value in response.headers.get_list("content-encoding")
        for name in value.split(",")
        if name.strip() and name.strip().lower() != "identity"
    ]
    names = ["gzip" if name == "x-gzip" else name for name in names]
    for name in names:
        if name not in ("gzip", "deflate"):
            raise FetchError(f"the page uses a content encoding headcheck cannot read: {shown(name, 40)}")
    if len(names) > _MAX_ENCODINGS:
        raise FetchError(f"the page is encoded {len(names)} times over; at most {_MAX_ENCODINGS} layers are read")
    return names


def _capped(pieces: Iterable[bytes], max_bytes: int, deadline: _Deadline) -> Iterator[bytes]:
    """Pass pieces on until more than max_bytes have passed, or the deadline."""
    total = 0
    for piece in pieces:
        total += len(piece)
        if total > max_bytes:
            raise FetchError(f"the page is larger than {megabytes(max_bytes)}")
        deadline.left()
        yield piece


def _read_body(response: httpx.Response, max_bytes: int, deadline: _Deadline) -> bytes:
    """Stream the body, decompressing layer by layer, stopping as soon as it passes the cap or the deadline.

    The compressed bytes are capped too: gzip can also be made of empty blocks that inflate to nothing.
    """
    pieces: Iterable[bytes] = _capped(response.iter_raw(), max_bytes, deadline)
    for encoding in reversed(_encodings(response)):
        pieces = _inflate(pieces, encoding)
    body = b"".join(_capped(pieces, max_bytes, deadline))
    deadline.left()  # a read the deadline cut short ends like a body that is complete
    return body


def _to_article(response: httpx.Response, url: str, max_bytes: int, deadline: _Deadline) -> Article:
    """Only web pages and plain text can hold an article; refuse anything else before reading it."""
    if not response.is_success:
        raise FetchError(f"fetching URL failed: HTTP {response.status_code}",
                         retry_after_s=retry_after_s(response.headers))
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in _CONTENT_TYPES:
        raise FetchError(
            f"the URL serves {shown(content_type, 60) or 'an unknown content type'}, not a web page or text"
        )
    body = _read_body(response, max_bytes, deadline)
    charset = response.charset_encoding
    try:
        content: str | bytes = body.decode(charset) if charset else body
    except (LookupError, UnicodeDecodeError):
        raise FetchError(f"the page is not valid {shown(charset, 40)} text") from None
    if content_type == "text/plain":
        text = content if isinstance(content, str) else decode(content, "the page")
        return dataclasses.replace(from_text(text), url=url)
    return from_html(content, url=url)


def retry_after_s(headers: httpx.Headers, now: float | None = None) -> float | None:
    """Retry-After in seconds from now, given as seconds or as an HTTP date; None when absent or unreadable."""
    value = headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


def _tls() -> ssl.SSLContext:
    """The certifi CA bundle, loaded once per bundle file: loading it for every fetch cost about 25 ms of CPU,
    more than a fetch from a nearby server. An SSLContext may be shared between threads."""
    return _tls_from(certifi.where())


@functools.cache
def _tls_from(bundle: str) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=bundle)


def _exchange(url: str, read: Callable[[httpx.Response, str, _Deadline], T], *, ask: _Ask,
              allow_hosts: Collection[str], timeout: float, max_redirects: int) -> T:
    """One guarded exchange (see module doc): every hop checked, one deadline; `read` turns the final
    response into the result. A refused URL is an InputError; an exchange that fails is a FetchError."""
    allowed = frozenset(host.strip().strip("[]").lower() for host in allow_hosts)
    try:
        current = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise InputError(f"invalid URL {shown(url)}: {shown(exc)}") from None
    deadline = _Deadline(timeout)
    client = httpx.Client(
        follow_redirects=False,
        trust_env=False,
        verify=_tls(),
        # One connection per request: a pooled connection to an address could be
        # reused for another host name whose TLS certificate was never checked.
        limits=httpx.Limits(max_keepalive_connections=0),
        headers={"User-Agent": USER_AGENT},  # identify ourselves honestly
    )
    timed_out = FetchError(f"fetching URL failed: timed out after {timeout:.3g} s")
    try:
        with client:
            for _ in range(max_redirects + 1):
                with contextlib.closing(_open(client, current, allowed, deadline, ask)) as response:
                    if not response.has_redirect_location:  # a 304, or a 3xx without Location, is an answer
                        return read(response, str(current), deadline)
                    current = current.join(response.headers["location"])
    except httpx.TimeoutException:
        raise timed_out from None
    except (httpx.HTTPError, httpx.InvalidURL, FetchError) as exc:
        if deadline.expired:  # the connection was shut under a read: whatever failed, time ran out
            raise timed_out from None
        if isinstance(exc, FetchError):
            raise
        raise FetchError(f"fetching URL failed: {shown(' '.join(str(exc).split()) or type(exc).__name__)}") from None
    finally:
        deadline.close()
    raise FetchError(f"fetching URL failed: more than {max_redirects} redirects")


def fetch(
    url: str,
    *,
    allow_hosts: Collection[str] = (),
    timeout: float = FETCH_TIMEOUT_S,
    max_bytes: int = MAX_FETCH_BYTES,
    max_redirects: int = MAX_REDIRECTS,
) -> Article:
    """Fetch a page and read its article (not yet validated), refusing private addresses on every hop
    (see module doc). A refused URL is an InputError; a fetch that fails is a FetchError.

    timeout (seconds) bounds the whole fetch, redirects and download included.
    """
    return _exchange(url, lambda response, final, deadline: _to_article(response, final, max_bytes, deadline),
                     ask=_Ask(), allow_hosts=allow_hosts, timeout=timeout, max_redirects=max_redirects)


@dataclasses.dataclass(frozen=True, slots=True)
class Response:
    """A response as `request` returns it: the body is read only for a 2xx answer, within max_bytes."""

    url: str  # the last hop's, after redirects
    status: int
    headers: httpx.Headers
    body: bytes


def request(
    url: str,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    content: bytes | None = None,
    allow_hosts: Collection[str] = (),
    timeout: float = FETCH_TIMEOUT_S,
    max_bytes: int = MAX_FETCH_BYTES,
    max_redirects: int = MAX_REDIRECTS,
) -> Response:
    """The guarded exchange of `fetch`, answering the response itself, whatever its status and content type.

    Redirects are followed (and checked) up to max_redirects; with 0 a redirect is a FetchError.
    """

    def read(response: httpx.Response, final: str, deadline: _Deadline) -> Response:
        body = _read_body(response, max_bytes, deadline) if response.is_success else b""
        return Response(final, response.status_code, response.headers, body)

    return _exchange(url, read, ask=_Ask(method, headers or {}, content), allow_hosts=allow_hosts, timeout=timeout,
                     max_redirects=max_redirects)

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
so only the certifi CA bundle is trusted). Decompressed bodies are capped
at max_bytes; a single network chunk may still inflate to tens of MB in memory
before the cap applies.
"""

from __future__ import annotations

import contextlib
import dataclasses
import ipaddress
import socket
import time
from collections.abc import Collection

import httpx

from headcheck._version import __version__
from headcheck.errors import FetchError, InputError
from headcheck.inputs.readers import decode, from_html, from_text
from headcheck.limits import FETCH_TIMEOUT_S, MAX_FETCH_BYTES, MAX_REDIRECTS, megabytes
from headcheck.types import Article

_SCHEMES = {"http": 80, "https": 443}
_CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
# Metadata endpoints that is_global does not already rule out (169.254.169.254,
# fd00:ec2::254 and 100.100.100.200 are link-local, unique-local and shared space).
_METADATA = frozenset({ipaddress.ip_address("192.0.0.192")})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


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
        raise InputError(f"only http and https URLs can be fetched, not {url.scheme or 'a path'}: {url}")
    host = url.host
    if not host:
        raise InputError(f"the URL has no host: {url}")
    port = url.port or _SCHEMES[url.scheme]
    try:
        infos = socket.getaddrinfo(url.raw_host.decode("ascii"), port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"fetching URL failed: cannot resolve host {host}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if host.lower() not in allowed:
        for address in addresses:
            if address not in allowed and not is_public(ipaddress.ip_address(address)):
                raise InputError(f"refusing to fetch {host}: {address} is not a public address")
    return addresses


def _time_left(deadline: float) -> float:
    """Bound the whole fetch, not just each operation, so a slow server cannot hold us for long."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpx.TimeoutException("the fetch took too long")
    return left


def _open(client: httpx.Client, url: httpx.URL, allowed: frozenset[str], deadline: float) -> httpx.Response:
    """Connect to a checked address, trying the next one when a connection is refused."""
    failure: httpx.ConnectError | None = None
    for address in _checked_addresses(url, allowed):
        request = client.build_request(
            "GET",
            url.copy_with(host=address),
            headers={"Host": url.netloc.decode("ascii")},
            extensions={"sni_hostname": url.raw_host.decode("ascii")},
            timeout=_time_left(deadline),
        )
        try:
            return client.send(request, stream=True)
        except httpx.ConnectError as exc:
            failure = exc
    raise FetchError(f"fetching URL failed: cannot connect to {url.host} ({failure})")


def _read_body(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    """Stream the decompressed body, stopping as soon as it passes the cap or the deadline."""
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise FetchError(f"the page is larger than {megabytes(max_bytes)}")
        _time_left(deadline)
    return bytes(body)


def _to_article(response: httpx.Response, url: str, max_bytes: int, deadline: float) -> Article:
    """Only web pages and plain text can hold an article; refuse anything else before reading it."""
    if not response.is_success:
        raise FetchError(f"fetching URL failed: HTTP {response.status_code}")
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in _CONTENT_TYPES:
        raise FetchError(
            f"the URL serves {content_type or 'an unknown content type'}, not a web page or text"
        )
    body = _read_body(response, max_bytes, deadline)
    charset = response.charset_encoding
    try:
        content: str | bytes = body.decode(charset) if charset else body
    except (LookupError, UnicodeDecodeError):
        raise FetchError(f"the page is not valid {charset} text") from None
    if content_type == "text/plain":
        text = content if isinstance(content, str) else decode(content, "the page")
        return dataclasses.replace(from_text(text), url=url)
    return from_html(content, url=url)


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
    allowed = frozenset(host.strip().strip("[]").lower() for host in allow_hosts)
    deadline = time.monotonic() + timeout
    try:
        current = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise InputError(f"invalid URL {url!r}: {exc}") from None
    client = httpx.Client(
        follow_redirects=False,
        trust_env=False,
        # One connection per request: a pooled connection to an address could be
        # reused for another host name whose TLS certificate was never checked.
        limits=httpx.Limits(max_keepalive_connections=0),
        headers={"User-Agent": f"headcheck/{__version__}"},  # identify ourselves honestly
    )
    try:
        with client:
            for _ in range(max_redirects + 1):
                with contextlib.closing(_open(client, current, allowed, deadline)) as response:
                    if not response.is_redirect:
                        return _to_article(response, str(current), max_bytes, deadline)
                    current = current.join(response.headers["location"])
    except httpx.TimeoutException:
        raise FetchError(f"fetching URL failed: timed out after {timeout:g} s") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchError(f"fetching URL failed: {' '.join(str(exc).split()) or type(exc).__name__}") from None
    raise FetchError(f"fetching URL failed: more than {max_redirects} redirects")

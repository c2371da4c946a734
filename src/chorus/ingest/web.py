"""URLs given as sources: fetched over http(s) from public addresses only, bounded in time and size.

A URL on the command line is untrusted input like a file, and fetching one is a request made from
the user's machine, inside their network. So before any byte is sent, and again for every
redirect, the host must resolve only to public (globally routable) addresses: a page cannot
redirect chorus to the cloud metadata service (169.254.169.254), a router's admin page or a
database on localhost. The connection then goes to an address that was checked, not to a second,
possibly different, DNS answer. Responses are streamed and cut off past `options.max_file_bytes`.

Pages go through the HTML reader (`html.read_page`), feeds through the feed reader (`rss.py`).
Fetching needs httpx: pip install 'chorus-news[web]'.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import InputError, UnsupportedFormat
from ..model import Article, Problem
from ..options import Options
from .files import decode, over_limit

if TYPE_CHECKING:
    import httpx

__all__ = ["Fetched", "address_problem", "fetch", "is_url", "read_url"]

SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 5.0
TOTAL_TIMEOUT = 20.0
USER_AGENT = "chorus-news (+https://pypi.org/project/chorus-news/)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
_XML_TYPES = ("application/xml", "text/xml")

# (host, port) -> the addresses it resolves to; tests pass their own.
Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response body that passed every check; `url` is where it finally came from."""

    url: str
    content_type: str
    charset: str | None
    body: bytes


def is_url(source: str) -> bool:
    """True for anything of the form scheme://…, so "ftp://x" is refused as a URL, not a file."""
    return bool(_SCHEME.match(source))


def address_problem(address: str) -> str | None:
    """Why chorus will not connect to this IP address, or None when it is a public one.

    >>> address_problem("169.254.169.254")
    'link-local address 169.254.169.254'
    >>> address_problem("93.184.215.14") is None
    True
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    # Most specific first: Python counts link-local, reserved and unspecified as private too.
    for kind in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(ip, f"is_{kind}"):
            return f"{kind.replace('_', '-')} address {ip}"
    if not ip.is_global:  # shared (100.64/10), documentation, benchmarking and other special ranges
        return f"non-public address {ip}"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for `host`, in its order, without repeats."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def fetch(
    url: str,
    options: Options = Options(),
    *,
    transport: httpx.BaseTransport | None = None,
    resolver: Resolver | None = None,
) -> Fetched:
    """GET `url` under chorus's rules; raises InputError naming `url` for anything refused or failed.

    The rules: http and https only; at most MAX_REDIRECTS redirects, each checked like the first
    URL; every address a host resolves to must be public; connect within CONNECT_TIMEOUT seconds
    and finish within about TOTAL_TIMEOUT; a body over `options.max_file_bytes` is abandoned as
    soon as it is seen to be. `transport` and `resolver` are for tests.
    """
    httpx = _httpx(url)
    resolver = resolver or system_resolver
    deadline = time.monotonic() + TOTAL_TIMEOUT
    current = url
    # trust_env=False: a proxy from the environment would connect to hosts chorus did not check.
    # No kept-alive connections: one made for one host name must not serve a redirect to another
    # name at the same address.
    limits = httpx.Limits(max_keepalive_connections=0)
    with httpx.Client(transport=transport, trust_env=False, follow_redirects=False, limits=limits) as client:
        for hop in range(MAX_REDIRECTS + 1):
            request = _pinned_request(client, httpx, url, current, resolver, deadline)
            try:
                response = client.send(request, stream=True)
                try:
                    location = response.headers.get("location")
                    if response.status_code in _REDIRECTS and location:
                        current = str(httpx.URL(current).join(location))
                        continue
                    if response.status_code >= 400:
                        raise InputError(url, f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
                    body = _read_body(response, url, options.max_file_bytes, deadline)
                finally:
                    response.close()
            except httpx.TimeoutException:
                raise InputError(url, f"timed out (limits: {CONNECT_TIMEOUT:g} s to connect, "
                                      f"{TOTAL_TIMEOUT:g} s in all)") from None
            except httpx.HTTPError as exc:
                raise InputError(url, f"cannot fetch: {_reason(exc)}") from None
            content_type = response.headers.get("content-type", "")
            mime, _, params = content_type.partition(";")
            charset = re.search(r"charset\s*=\s*\"?([\w.:-]+)", params, re.IGNORECASE)
            return Fetched(current, mime.strip().lower(), charset.group(1) if charset else None, body)
    raise InputError(url, f"more than {MAX_REDIRECTS} redirects")


def read_url(
    url: str,
    source: str,
    options: Options,
    *,
    transport: httpx.BaseTransport | None = None,
    resolver: Resolver | None = None,
) -> Iterator[Article | Problem]:
    """Fetch a page or a feed and read its article(s); the reader is picked by content type."""
    from .html import read_page
    from .rss import looks_like_feed, read_feed_bytes

    fetched = fetch(url, options, transport=transport, resolver=resolver)
    kind = fetched.content_type
    if kind in _FEED_TYPES or looks_like_feed(fetched.body):
        yield from read_feed_bytes(fetched.body, source, options, default_stem=_stem(url))
        return
    if kind in _HTML_TYPES or (not kind and fetched.body.lstrip()[:1] == b"<"):
        page, warning = _decode(fetched, source)
        if warning:
            yield Problem(source, warning, skipped=False)
        yield from read_page(page, source, url, options)
        return
    if kind in _XML_TYPES:
        raise UnsupportedFormat(source, "XML that is not an RSS or Atom feed")
    raise UnsupportedFormat(source, f"content type {kind or 'unknown'} is not a web page or a feed")


def _httpx(url: str) -> Any:
    try:
        import httpx
    except ImportError:
        raise InputError(url, "fetching URLs needs pip install 'chorus-news[web]'") from None
    return httpx


def _pinned_request(client: Any, httpx: Any, url: str, current: str, resolver: Resolver,
                    deadline: float) -> Any:
    """A GET for `current` addressed to an IP that was checked, with Host and TLS name kept.

    Connecting to the checked address (rather than letting the HTTP client resolve the name
    again) closes the gap in which a second DNS answer could point somewhere private.
    """
    where = "" if current == url else f"redirected to {current}: "
    if time.monotonic() > deadline:
        raise InputError(url, f"{where}timed out: more than {TOTAL_TIMEOUT:g} s in all")
    try:
        target = httpx.URL(current)
    except httpx.InvalidURL as exc:
        raise InputError(url, f"{where}not a valid URL ({exc})") from None
    if target.scheme not in SCHEMES:
        raise InputError(url, f"{where}only http and https URLs are fetched")
    host = target.host
    if not host:
        raise InputError(url, f"{where}no host in the URL")
    port = target.port or (443 if target.scheme == "https" else 80)
    try:
        addresses = [host] if _is_ip(host) else resolver(host, port)
    except (OSError, UnicodeError) as exc:
        raise InputError(url, f"{where}cannot resolve {host} ({_reason(exc)})") from None
    if not addresses:
        raise InputError(url, f"{where}{host} resolves to no address")
    for address in addresses:
        problem = address_problem(address)
        if problem:
            shown = "" if host == address else f"{host} resolves to "
            raise InputError(url, f"{where}refused: {shown}{problem}; only public addresses are fetched")
    remaining = max(deadline - time.monotonic(), 0.1)
    timeout = httpx.Timeout(remaining, connect=min(CONNECT_TIMEOUT, remaining))
    headers = {"Host": target.netloc.decode("ascii").rpartition("@")[2], "User-Agent": USER_AGENT}
    # For https the certificate is checked against the name, not the IP connected to.
    extensions = {"sni_hostname": host} if target.scheme == "https" else {}
    return client.build_request("GET", target.copy_with(host=addresses[0]), headers=headers,
                                timeout=timeout, extensions=extensions)


def _read_body(response: Any, url: str, limit: int, deadline: float) -> bytes:
    """The body, streamed: refused past `limit` bytes or past the deadline, whatever it claims."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise InputError(url, over_limit("response", int(declared), limit))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise InputError(url, over_limit("response", size, limit) + " (stopped reading)")
        if time.monotonic() > deadline:
            raise InputError(url, f"timed out: the response took more than {TOTAL_TIMEOUT:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(fetched: Fetched, source: str) -> tuple[str, str | None]:
    """The page's text: the charset the server declared when it works, else chorus's own guess."""
    if fetched.charset:
        try:
            return fetched.body.decode(fetched.charset), None
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(fetched.body, source)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _stem(url: str) -> str:
    """A short name for ids of feed items without their own: the URL's last path segment."""
    path = url.split("?", 1)[0].rstrip("/")
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "feed"


def _reason(exc: BaseException) -> str:
    reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__
    return reason[:1].lower() + reason[1:]

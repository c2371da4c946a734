"""URLs as sources: only http(s), only public addresses, bounded redirects, time and size. No network:
responses come from httpx.MockTransport and names resolve through a fake resolver."""

from __future__ import annotations

import builtins
import socket
from collections.abc import Iterator

import pytest

from chorus.errors import InputError
from chorus.ingest import load, web
from chorus.ingest.web import address_problem, fetch, is_url, read_url
from chorus.options import Options

httpx = pytest.importorskip("httpx")

PUBLIC = "93.184.215.14"
PAGE = b"""<html><head><title>Port reopens | Coastal Ledger</title>
<meta property="og:site_name" content="Coastal Ledger"></head><body><article><h1>Port reopens</h1>
<p>The port of Linden reopened on Monday after a week of repairs to its storm-damaged harbor wall,
the harbor authority said, and the first ships were unloading by noon.</p>
<p>Officials said the repairs cost about $2 million and that traffic should be back to normal by
the end of the month, though some berths would stay closed for inspection.</p>
</article></body></html>"""
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>
<item><guid>l-1</guid><title>Port reopens</title><description>The port reopened on Monday.</description></item>
</channel></rss>"""


def resolver(table: dict[str, list[str]]):
    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise socket.gaierror(-2, "Name or service not known")
        return table[host]
    return resolve


NAMES = resolver({"news.example": [PUBLIC], "feeds.example": [PUBLIC], "evil.example": [PUBLIC, "10.0.0.7"],
                  "inside.example": ["192.168.1.20"]})


class Server:
    """Canned responses by (Host header, path); records every request that reached it."""

    def __init__(self, routes: dict[tuple[str, str], httpx.Response]) -> None:
        self.routes = routes
        self.requests: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = (request.headers["host"], request.url.path)
        if key not in self.routes:
            return httpx.Response(404)
        return self.routes[key]


def html(body: bytes = PAGE, **headers: str) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8", **headers}, content=body)


def redirect(to: str, status: int = 302) -> httpx.Response:
    return httpx.Response(status, headers={"location": to})


def get(url: str, server: Server, options: Options = Options(), names=NAMES) -> web.Fetched:
    return fetch(url, options, transport=server.transport, resolver=names)


# -- the address guard ----------------------------------------------------------------------

@pytest.mark.parametrize("address,kind", [
    ("127.0.0.1", "loopback"), ("127.5.5.5", "loopback"), ("::1", "loopback"),
    ("10.0.0.1", "private"), ("172.16.3.4", "private"), ("192.168.1.1", "private"), ("fc00::1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"), ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("100.64.0.1", "non-public"),  # carrier-grade NAT
    ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped IPv6 is the IPv4 address
])
def test_non_public_addresses_are_refused(address: str, kind: str) -> None:
    problem = address_problem(address)
    assert problem is not None and problem.startswith(f"{kind} address")


@pytest.mark.parametrize("address", [PUBLIC, "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert address_problem(address) is None


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://10.0.0.1/admin", "http://169.254.169.254/latest/meta-data/",
                                 "http://[::1]:8080/", "https://localhost.example/"])
def test_literal_and_resolved_private_hosts_are_never_contacted(url: str) -> None:
    server = Server({})
    names = resolver({"localhost.example": ["127.0.0.1"]})
    with pytest.raises(InputError, match="only public addresses are fetched") as caught:
        get(url, server, names=names)
    assert caught.value.source == url
    assert server.requests == []


def test_a_host_with_any_private_address_is_refused() -> None:
    server = Server({})
    with pytest.raises(InputError, match="refused: evil.example resolves to private address 10.0.0.7"):
        get("http://evil.example/", server)
    assert server.requests == []


def test_public_host_is_fetched_from_the_checked_address() -> None:
    server = Server({("news.example", "/story"): html()})
    fetched = get("https://news.example/story?id=3", server)
    assert fetched.body == PAGE and fetched.content_type == "text/html" and fetched.charset == "utf-8"
    (request,) = server.requests
    assert request.url.host == PUBLIC  # connected to the address that was checked
    assert request.headers["host"] == "news.example"
    assert request.extensions["sni_hostname"] == "news.example"  # TLS checks the name
    assert request.url.query == b"id=3"


def test_name_that_does_not_resolve() -> None:
    with pytest.raises(InputError, match=r"cannot resolve nowhere.example \(name or service not known\)"):
        get("http://nowhere.example/", Server({}))


@pytest.mark.parametrize("url", ["ftp://news.example/a.html", "file:///etc/passwd", "gopher://x/"])
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(InputError, match="only http and https URLs are fetched"):
        get(url, Server({}))


# -- redirects ----------------------------------------------------------------------------

def test_redirects_are_followed_and_each_target_checked() -> None:
    server = Server({
        ("news.example", "/a"): redirect("/b", 301),
        ("news.example", "/b"): redirect("https://feeds.example/c", 307),
        ("feeds.example", "/c"): html(),
    })
    fetched = get("http://news.example/a", server)
    assert fetched.url == "https://feeds.example/c"
    assert [r.headers["host"] for r in server.requests] == ["news.example", "news.example", "feeds.example"]


@pytest.mark.parametrize("target", ["http://169.254.169.254/latest/meta-data/", "http://inside.example/",
                                    "http://127.0.0.1:6379/", "file:///etc/passwd"])
def test_a_redirect_to_a_forbidden_target_is_refused(target: str) -> None:
    server = Server({("news.example", "/a"): redirect(target)})
    # httpx spells file:///etc/passwd as file:/etc/passwd
    with pytest.raises(InputError, match=f"redirected to {target.replace('///', '/')}") as caught:
        get("http://news.example/a", server)
    assert caught.value.source == "http://news.example/a"
    assert len(server.requests) == 1  # the forbidden target was never contacted


def test_at_most_five_redirects() -> None:
    routes = {("news.example", f"/{i}"): redirect(f"/{i + 1}") for i in range(6)}
    routes[("news.example", "/5")] = html()
    assert get("http://news.example/0", Server(routes)).url == "http://news.example/5"  # five: fine
    routes[("news.example", "/5")] = redirect("/6")
    routes[("news.example", "/6")] = html()
    with pytest.raises(InputError, match="more than 5 redirects"):
        get("http://news.example/0", Server(routes))


# -- size, time, HTTP errors --------------------------------------------------------------

def test_declared_size_over_the_limit_is_refused_before_reading() -> None:
    server = Server({("news.example", "/big"): html(b"x" * 2000)})
    with pytest.raises(InputError, match="response is 2 kB, over the 1 kB limit"):
        get("http://news.example/big", server, Options(max_file_bytes=1000))


def test_streamed_body_is_cut_off_at_the_limit() -> None:
    sent: list[int] = []

    def endless() -> Iterator[bytes]:
        for i in range(10_000):
            sent.append(i)
            yield b"x" * 1000

    server = Server({("news.example", "/drip"): httpx.Response(200, headers={"content-type": "text/html"},
                                                               content=endless())})
    with pytest.raises(InputError, match="over the 5 kB limit \\(stopped reading\\)"):
        get("http://news.example/drip", server, Options(max_file_bytes=5000))
    assert len(sent) < 10  # abandoned, not read to the end


def test_slow_body_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(range(0, 1000, 7))  # every look at the clock is 7 s later
    monkeypatch.setattr(web.time, "monotonic", lambda: next(clock))

    def slow() -> Iterator[bytes]:
        while True:
            yield b"<p>more</p>"

    server = Server({("news.example", "/slow"): httpx.Response(200, headers={"content-type": "text/html"},
                                                               content=slow())})
    with pytest.raises(InputError, match="timed out"):
        get("http://news.example/slow", server)


def test_transport_timeouts_and_failures_name_the_url() -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Connection refused", request=request)

    with pytest.raises(InputError, match="timed out \\(limits: 5 s to connect, 20 s in all\\)") as caught:
        fetch("http://news.example/", transport=httpx.MockTransport(timeout), resolver=NAMES)
    assert str(caught.value).startswith("http://news.example/: ")
    with pytest.raises(InputError, match="cannot fetch: connection refused"):
        fetch("http://news.example/", transport=httpx.MockTransport(refused), resolver=NAMES)


def test_http_errors() -> None:
    with pytest.raises(InputError, match="HTTP 404 Not Found"):
        get("http://news.example/missing", Server({}))


# -- reading what was fetched -------------------------------------------------------------

def read(url: str, server: Server) -> list:
    return list(read_url(url, url, Options(), transport=server.transport, resolver=NAMES))


def test_a_page_becomes_an_article_named_by_its_url() -> None:
    (article,) = read("https://news.example/story", Server({("news.example", "/story"): html()}))
    assert article.id == article.source == "https://news.example/story"
    assert article.title == "Port reopens" and article.outlet == "Coastal Ledger"
    assert "reopened on Monday" in article.text


def test_a_feed_url_is_read_as_a_feed() -> None:
    server = Server({("feeds.example", "/rss"): httpx.Response(200, headers={"content-type": "application/rss+xml"},
                                                               content=FEED)})
    (article,) = read("https://feeds.example/rss", server)
    assert (article.id, article.outlet, article.source) == ("l-1", "Ledger", "https://feeds.example/rss[0]")


def test_a_feed_served_as_text_xml_is_recognized() -> None:
    server = Server({("feeds.example", "/f"): httpx.Response(200, headers={"content-type": "text/xml"}, content=FEED)})
    assert [a.id for a in read("https://feeds.example/f", server)] == ["l-1"]


def test_other_content_types_are_refused() -> None:
    server = Server({("news.example", "/a.pdf"): httpx.Response(200, headers={"content-type": "application/pdf"},
                                                                content=b"%PDF-1.4")})
    with pytest.raises(InputError, match="content type application/pdf is not a web page or a feed"):
        read("https://news.example/a.pdf", server)


def test_urls_mix_with_files_in_load(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    server = Server({("news.example", "/story"): html()})
    monkeypatch.setattr(web, "fetch", lambda url, options, **_: fetch(url, options, transport=server.transport,
                                                                      resolver=NAMES))
    local = tmp_path / "a.txt"
    local.write_text("Title\nThe port reopened.")
    loaded = load([str(local), "https://news.example/story", "https://news.example/gone", "http://10.0.0.1/"])
    assert [a.id for a in loaded.articles] == ["a", "https://news.example/story"]
    assert [str(p) for p in loaded.problems] == [
        "https://news.example/gone: HTTP 404 Not Found",
        "http://10.0.0.1/: refused: private address 10.0.0.1; only public addresses are fetched",
    ]


def test_is_url() -> None:
    assert is_url("https://x.example/a") and is_url("FTP://x") and is_url("file:///etc/passwd")
    assert not is_url("feeds/a.jsonl") and not is_url("C:\\news\\a.txt") and not is_url("a:b.txt")


def test_missing_httpx_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_httpx(name: str, *args, **kwargs):
        if name == "httpx" or name.startswith("httpx."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_httpx)
    assert [str(p) for p in load(["https://news.example/a"]).problems] == [
        "https://news.example/a: fetching URLs needs pip install 'chorus-news[web]'"
    ]

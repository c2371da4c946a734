"""RSS and Atom feeds: one article per item, HTML reduced to paragraphs, bad items named."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from chorus.ingest import load
from chorus.ingest.rss import html_to_text, looks_like_feed

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Coastal Ledger</title>
  <link>https://coastalledger.example/</link>
  <item>
    <title>Harbor Bridge reopens</title>
    <link>https://coastalledger.example/news/bridge</link>
    <guid isPermaLink="false">ledger-1001</guid>
    <pubDate>Sun, 10 Mar 2024 16:30:00 +0200</pubDate>
    <dc:creator>Dana Whitfield</dc:creator>
    <description>The bridge is open again.</description>
    <content:encoded><![CDATA[<p>The Harbor Bridge reopened on <b>Sunday</b>,
      six weeks after the storm.</p><script>track()</script>
      <p>Repairs cost $4.2 million.<br>Traffic was light.</p>]]></content:encoded>
  </item>
  <item>
    <title>Ferry schedule</title>
    <link>https://coastalledger.example/news/ferry</link>
  </item>
  <item>
    <title>Fog delays ships</title>
    <link>https://coastalledger.example/news/fog</link>
    <description>Thick fog delayed &lt;i&gt;three&lt;/i&gt; cargo ships on Monday.</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley Wire</title>
  <id>urn:uuid:feed</id>
  <updated>2024-05-02T08:00:00Z</updated>
  <entry>
    <title type="html">Dam &lt;em&gt;fails&lt;/em&gt; in Millbrook</title>
    <id>urn:uuid:entry-1</id>
    <link href="https://valleywire.example/dam"/>
    <updated>2024-05-02T08:00:00Z</updated>
    <author><name>Lee Chen</name></author>
    <content type="html">&lt;p&gt;The Millbrook dam failed on Sunday night.&lt;/p&gt;&lt;p&gt;About 300 residents left.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_rss_items_become_articles(tmp_path: Path) -> None:
    feed = write(tmp_path, "ledger.rss", RSS)
    loaded = load([feed])
    first, fog = loaded.articles
    assert first.id == "ledger-1001"
    assert first.title == "Harbor Bridge reopens"
    assert first.outlet == "Coastal Ledger"
    assert first.author == "Dana Whitfield"
    assert first.url == "https://coastalledger.example/news/bridge"
    assert first.source == f"{feed}[0]"
    assert first.published == datetime(2024, 3, 10, 14, 30)  # naive UTC, like every reader
    # the full content, not the one-line description; HTML gone, paragraphs kept, script dropped
    assert first.text == "The Harbor Bridge reopened on Sunday, six weeks after the storm.\nRepairs cost $4.2 million.\nTraffic was light."
    assert fog.id == "https://coastalledger.example/news/fog"  # no guid: the link
    assert fog.text == "Thick fog delayed three cargo ships on Monday."
    assert fog.published is None
    assert [str(p) for p in loaded.problems] == [f"{feed}[1]: feed item has no text (no content or summary)"]


def test_atom_entries_become_articles(tmp_path: Path) -> None:
    loaded = load([write(tmp_path, "wire.atom", ATOM)])
    (entry,) = loaded.articles
    assert (entry.id, entry.title, entry.outlet, entry.author) == ("urn:uuid:entry-1", "Dam fails in Millbrook", "Valley Wire", "Lee Chen")
    assert entry.text == "The Millbrook dam failed on Sunday night.\nAbout 300 residents left."
    assert entry.published == datetime(2024, 5, 2, 8, 0)
    assert loaded.problems == ()


def test_xml_file_is_read_when_it_is_a_feed(tmp_path: Path) -> None:
    assert len(load([write(tmp_path, "feed.xml", ATOM)]).articles) == 1


def test_xml_that_is_not_a_feed_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "sitemap.xml", '<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>')
    assert [str(p) for p in load([path]).problems] == [f"{path}: XML that is not an RSS or Atom feed"]


def test_feed_without_items(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.rss", '<rss version="2.0"><channel><title>Nothing</title></channel></rss>')
    assert [p.message for p in load([path]).problems] == ["feed has no items"]


def test_broken_feed_is_read_leniently_with_a_warning(tmp_path: Path) -> None:
    broken = RSS.replace("</channel>", "").replace("&lt;i&gt;", "&bogus;")
    loaded = load([write(tmp_path, "broken.rss", broken)])
    assert len(loaded.articles) == 2
    warning = loaded.problems[0]
    assert not warning.skipped and "read it leniently" in warning.message


def test_garbage_and_empty_feed_files(tmp_path: Path) -> None:
    garbage = write(tmp_path, "junk.rss", "<rss><<<<not xml at all")
    empty = write(tmp_path, "empty.atom", "  \n")
    problems = load([garbage, empty]).problems
    assert [p.source for p in problems] == [str(garbage), str(empty)]
    assert problems[1].message == "empty file"


def test_feed_content_is_never_taken_as_a_url_or_path_to_open(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", "TOP SECRET")
    # feedparser.parse(str) would open a path or fetch a URL given as the "document"
    path = write(tmp_path, "trick.rss", str(secret))
    loaded = load([path])
    assert loaded.articles == ()
    assert "TOP SECRET" not in str(loaded.problems)


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", "TOP SECRET")
    xxe = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY leak SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>T</title>
<item><title>x</title><description>Before &leak; after, a sentence of news.</description></item>
</channel></rss>"""
    loaded = load([write(tmp_path, "xxe.rss", xxe)])
    assert all("TOP SECRET" not in a.text for a in loaded.articles)


def test_looks_like_feed() -> None:
    assert looks_like_feed(b'<?xml version="1.0"?>\n<!-- hi -->\n<rss version="2.0">')
    assert looks_like_feed(b'<feed xmlns="http://www.w3.org/2005/Atom">')
    assert looks_like_feed(b'<rdf:RDF xmlns:rdf="x">')
    assert not looks_like_feed(b"<html><body>feed me</body></html>")
    assert not looks_like_feed(b'{"feed": 1}')


def test_html_to_text_keeps_paragraphs_and_drops_scripts() -> None:
    assert html_to_text("<div>Intro<p>One\n  two.</p>tail<ul><li>A</li><li>B</li></ul></div>") == "Intro\nOne two.\ntail\nA\nB"
    assert html_to_text("<style>p{}</style><!-- note --><p>Only this.</p>") == "Only this."
    assert html_to_text("plain words") == "plain words"
    assert html_to_text("") == ""

"""Reading untrusted input files safely: size bounds, binary detection, decoding, normalization.

Every reader goes through here, so a 2 GB log, a JPEG renamed .txt or a cp1252 export from an old
CMS all get one clear message naming the file instead of a crash or mojibake.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from pathlib import Path

import charset_normalizer

from ..errors import ExtractionError, InputError, UnsupportedFormat
from ..model import Problem
from ..options import Options

# Binary detection looks at the start of a file only: NUL bytes or many control characters there
# mean it is not text, whatever its name says.
SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.10
_CONTROL_BYTES = (frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D}) | {0x7F}
# charset_normalizer's own default threshold for "this decoding is a mess".
_MAX_CHAOS = 0.2

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_LINE_BREAK = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_TRAILING_SPACE = re.compile(r"[^\S\n]+$", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n{3,}")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_WHITESPACE = re.compile(r"\s+")
_LAST_SPACE = re.compile(r"\s(?=\S*\Z)")


def size_text(n: int) -> str:
    """Say a byte count the way people read it, e.g. "52.3 MB"."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def over_limit(what: str, size: int, limit: int) -> str:
    """Message for an input over a size limit, exact when rounding would hide the excess."""
    said, bound = size_text(size), size_text(limit)
    if said == bound:
        said, bound = f"{size:,} bytes", f"{limit:,} bytes"
    return f"{what} is {said}, over the {bound} limit"


def os_reason(exc: OSError) -> str:
    """The OS's own words for a failure ("permission denied"), in chorus's lower-case style."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return reason[:1].lower() + reason[1:]


def read_bytes(path: Path, source: str, options: Options) -> bytes:
    """Read a whole file, refusing one over `max_file_bytes` before reading any of it."""
    limit = options.max_file_bytes
    with open(path, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > limit:
            raise InputError(source, over_limit("file", size, limit))
        # Read one byte past the limit: the file may have grown since fstat.
        data = file.read(limit + 1)
    if len(data) > limit:
        raise InputError(source, over_limit("file", len(data), limit))
    return data


def is_binary(sample: bytes) -> bool:
    """True for bytes that are not text in any encoding chorus reads (images, archives, PDFs)."""
    if b"\0" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls > _MAX_CONTROL_SHARE * len(sample)


def lenient_utf8(data: bytes) -> tuple[str, int] | None:
    """Decode UTF-8, tolerating damage: (text with U+FFFD for bad bytes, bad byte count).

    None means "not UTF-8". The test is not a fixed share of bad bytes but a comparison: bytes
    that fail as UTF-8 against characters that decode as well-formed multi-byte UTF-8. Damaged
    UTF-8 has more of the second (reading it as cp1252 would garble every "é" and "—" to fix a
    few bad bytes); a legacy 8-bit file has almost none, however few accented letters it has.
    """
    try:
        return data.decode("utf-8"), 0
    except UnicodeDecodeError:
        pass
    # surrogateescape turns each bad byte into one lone surrogate, so they can be counted.
    text = data.decode("utf-8", errors="surrogateescape")
    bad = len(_SURROGATES.findall(text))
    well_formed = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    if well_formed < bad:
        return None
    return _SURROGATES.sub("\ufffd", text), bad


def replaced_warning(bad: int) -> str:
    """Warning for a text read with `bad` invalid UTF-8 bytes replaced."""
    return f"{bad} invalid UTF-8 {'byte' if bad == 1 else 'bytes'} replaced"


def decode(data: bytes, source: str) -> tuple[str, str | None]:
    """Turn a file's bytes into text: (text, a warning when the text was read with a guess).

    Raises ExtractionError for an empty file and UnsupportedFormat for binary or undecodable data.
    """
    if data.startswith(_UTF16_BOMS):
        # Windows tools (PowerShell's `>`, Notepad's "Unicode") write UTF-16 with a BOM.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnsupportedFormat(source, "cannot decode: broken UTF-16 text") from None
        if "\0" in text[:SNIFF_BYTES]:  # binary data that happens to start like a BOM
            raise UnsupportedFormat(source, "binary file, not text")
        return _check_empty(text, source), None
    data = data.removeprefix(codecs.BOM_UTF8)
    if not data.strip():
        raise ExtractionError(source, "empty file")
    if is_binary(data[:SNIFF_BYTES]):
        raise UnsupportedFormat(source, "binary file, not text")
    utf8 = lenient_utf8(data)
    if utf8 is not None:
        text, bad = utf8
        return _check_empty(text, source), replaced_warning(bad) if bad else None
    guess = guess_encoding(data)
    if guess is None:
        raise UnsupportedFormat(source, "cannot decode: not UTF-8 text")
    encoding, text = guess
    return _check_empty(text, source), f"not UTF-8; read as {encoding}"


def guess_encoding(data: bytes) -> tuple[str, str] | None:
    """Find the legacy encoding of non-UTF-8 text: (encoding, text), or None when unsure.

    cp1252 is tried on its own first: it is by far the most common legacy encoding of news text,
    and charset_normalizer, left to choose, often prefers a sibling (cp1257, cp1250) that turns
    "déjà" into "déją". Other guesses must also look like some language (coherence above zero),
    so a wrong Asian code page is not picked for text it cannot explain.
    """
    western = charset_normalizer.from_bytes(data, cp_isolation=["cp1252"], threshold=_MAX_CHAOS)
    match = western.best()
    if match is None:
        match = charset_normalizer.from_bytes(data, threshold=_MAX_CHAOS).best()
        if match is None or match.coherence <= 0:
            return None
    try:
        return match.encoding, data.decode(match.encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def normalize_text(text: str) -> str:
    """Give every article body the same shape: "\\n" line ends, no trailing spaces, NFC.

    Paragraph breaks are kept (at most one blank line in a row), because the segment stage numbers
    paragraphs and the cut below prefers them.
    """
    text = _SURROGATES.sub("\ufffd", text)
    text = _LINE_BREAK.sub("\n", text)
    text = _CONTROL_CHARS.sub("", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _BLANK_RUN.sub("\n\n", text)
    return unicodedata.normalize("NFC", text).strip("\n").rstrip()


def normalize_field(value: str) -> str:
    """Normalize a one-line field (title, outlet, author): single spaces, NFC, no control chars."""
    value = _CONTROL_CHARS.sub("", _SURROGATES.sub("\ufffd", value))
    return unicodedata.normalize("NFC", _WHITESPACE.sub(" ", value)).strip()


def cut_text(text: str, source: str, options: Options, line: int | None = None) -> tuple[str, Problem | None]:
    """Bound an article's length, cutting at a paragraph break when one is near the limit.

    A break in the first half of the allowed text would throw away too much, so then the cut
    falls at the last whitespace, and only text without any gets cut mid-word.
    """
    limit = options.max_article_chars
    if len(text) <= limit:
        return text, None
    head = text[: limit + 1]  # a break right at the limit still counts
    at = head.rfind("\n")
    if at < limit // 2:
        space = _LAST_SPACE.search(head)
        at = space.start() if space else -1
    if at <= 0:
        at = limit
    warning = Problem(source, f"text cut to {limit:,} characters", line=line, skipped=False)
    return text[:at].rstrip(), warning


def _check_empty(text: str, source: str) -> str:
    """Refuse text that is only whitespace once decoded (e.g. no-break spaces)."""
    if not text.strip():
        raise ExtractionError(source, "empty file")
    return text

"""Dates and clock times in news sentences, resolved against the article's publication date.

A date is resolved only when the text and the publication date fix it: "March 10, 2026" always,
"Tuesday", "last month" or "March 10" only when the article's date is known. What cannot be
resolved keeps its words ("Tuesday") and is never given an invented day.

News conventions that a general parser does not know are applied here: a bare weekday is the
most recent such day up to the publication day itself ("on Tuesday" in Tuesday's paper is that
day), or the next one when the clause speaks of the future ("is due to arrive on Friday"); a
date without a year is the one nearest the publication date. Explicit and relative phrases
("March 10, 2026", "two days ago", "last month") are parsed by `dateparser` with the
publication date as its RELATIVE_BASE, so no result depends on the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|July|Aug(?:ust|\.)?"
          r"|Sept(?:ember|\.)?|Sep\.|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_NUMWORD = r"(?i:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)"

_DATE = re.compile(
    # The look-around first: it rejects most positions at once, which halves the cost.
    rf"""(?=[A-Za-z0-9])(?<![A-Za-z0-9])(?:
      (?P<iso>\b{_YEAR}-[01]\d-[0-3]\d\b)
    | (?P<mdy>\b{_MONTH}\ {_DAYNUM}\b(?:,?\ {_YEAR}\b)?)
    | (?P<dmy>\b{_DAYNUM}\ {_MONTH}(?:,?\ {_YEAR}\b)?)
    | (?P<my>\b{_MONTH}\ (?:of\ )?{_YEAR}\b)
    | (?P<mon>\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ll]ast|[Tt]his|[Nn]ext|[Ee]arly|[Ll]ate|[Mm]id-?)\ {_MONTH}\b(?!,?\ (?:of\ )?{_YEAR}\b|\ \d))
    | (?P<wd>\b(?:(?:[Ll]ast|[Nn]ext|[Tt]his)\ )?{_WEEKDAY}\b)
    | (?P<rel>\b(?:yesterday|today|tonight|tomorrow|[Ll]ast\ night|[Tt]his\ (?:morning|afternoon|evening))\b)
    | (?P<per>\b(?:[Ll]ast|[Tt]his|[Nn]ext|[Ee]arlier\ this|[Ll]ater\ this|[Pp]ast)\ (?:month|year)\b)
    | (?P<ago>\b{_NUMWORD}\ (?:days?|months?|years?)\ ago\b)
    | (?P<year>\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id-?|[Tt]hrough)\ {_YEAR}\b(?![-–]))
    )""",
    re.VERBOSE,
)
# Every date expression contains one of these words or a year, at most `_HINT_REACH` characters
# from its start ("Earlier this " before "month" is 13, the most; a number of any length before
# "days ago" is allowed for by reading from the sentence's start). Most sentences contain none and
# are skipped; in the others `_DATE` is tried only at the words just before a hint, not at every
# word. The words are grouped by first letter, so the scan tries fewer of them at each letter.
_HINT = re.compile(r"a(?:go|fternoon)|day|evening|m(?:onth|orning)|night|tomorrow|year|"
                   r"J(?:an|u[nl])|Feb|Ma[ry]|A(?:pr|ug)|Sep|Oct|Nov|Dec|1[89]\d\d|20\d\d")
_HINT_REACH = 13
# The start of a word (no ASCII letter or digit before it) whose first character begins one of
# `_DATE`'s alternatives: a digit, a month, a weekday, or "in", "last", "this", "a", "past"... No
# date begins with c, g, h, k, q, r, v, w, x or z, nor with C, G, H, K, Q, R, V, X, Y or Z.
_DATE_START = re.compile(r"(?<![A-Za-z0-9])[0-9ABD-FIJL-PSTUWabd-fil-pstuy]")
_TIME = re.compile(
    r"\b(?P<h>[01]?\d)(?::(?P<m>[0-5]\d))?\s?(?P<ap>a\.m\.|p\.m\.|am\b|pm\b|AM\b|PM\b)|\b(?P<word>noon|midnight)\b"
)
_TIME_HINT = re.compile(r"\d\s?[aApP]")
# Words that put a weekday in the future: "is due to arrive on Friday", "will meet Monday".
_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|due|expected|scheduled|set to|plans?|planned|planning|upcoming|next|"
    r"going to|to be held|to meet|to vote|to begin|to start|to open|to arrive)\b",
    re.I,
)
_DAY_WORDS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "last night": -1,
              "this morning": 0, "this afternoon": 0, "this evening": 0}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in a sentence and what it resolves to.

    `value` is an ISO date ("2026-03-10"), month ("2026-02") or year ("1971"), or "" when the text
    and the publication date do not fix it; then `label` is the expression as a reader would say
    it ("Tuesday", "March 10").
    """

    start: int
    end: int
    text: str
    value: str
    label: str
    relative: bool      # needs the publication date to mean anything ("Tuesday", "last month")


@dataclass(frozen=True, slots=True)
class TimeMention:
    start: int
    end: int
    label: str          # "4:52 a.m."


def find_times(text: str) -> list[TimeMention]:
    """Clock times such as "4:52 a.m." or "noon", normalized."""
    out: list[TimeMention] = []
    if not _TIME_HINT.search(text) and "noon" not in text and "midnight" not in text:
        return out
    for m in _TIME.finditer(text):
        if m.group("word"):
            out.append(TimeMention(m.start(), m.end(), m.group("word").lower()))
            continue
        hour = int(m.group("h"))
        if not 1 <= hour <= 12:
            continue
        ap = "a.m." if m.group("ap").lower().startswith("a") else "p.m."
        label = f"{hour}:{m.group('m')} {ap}" if m.group("m") else f"{hour} {ap}"
        out.append(TimeMention(m.start(), m.end(), label))
    return out


def find_dates(text: str, published: datetime | None) -> list[DateMention]:
    """Every date expression in a sentence, resolved against `published` where that is needed."""
    hints = _hints(text)
    if not hints:
        return []
    base = published.date() if published else None
    out = []
    # A date expression begins at a word start at most `_HINT_REACH` characters before one of its
    # hints ("Earlier this month", "several months ago"): `_DATE` is matched there, left to right,
    # as `finditer` would find it.
    end = 0
    for start in _starts_before(text, hints):
        if start < end or (m := _DATE.match(text, start)) is None:
            continue
        end = m.end()
        kind = m.lastgroup or ""
        expr = m.group()
        value, label, relative = _resolve(kind, expr, base, text[: m.start()])
        if value or label:
            out.append(DateMention(m.start(), m.end(), expr, value, label, relative))
    return out


def _hints(text: str) -> list[tuple[int, int]]:
    """Where date expressions may begin in a sentence: (from, to) before each hint, in order."""
    spans = []
    for m in _HINT.finditer(text):
        hint = m.start()
        # "20000 years ago": a number of any length may come before "ago"
        spans.append((0 if m.group() == "ago" else max(0, hint - _HINT_REACH), hint))
    return sorted(spans)


def _starts_before(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """The starts, in the spans that `_hints` gives and in order, of the words that can begin a
    date: `_DATE_START` finds them in C (its look-behind reads the text before a span too, so a
    word that began before a span does not begin in it)."""
    starts: list[int] = []
    done = 0
    for lo, hi in spans:
        starts.extend(m.start() for m in _DATE_START.finditer(text, max(lo, done), hi + 1))
        done = max(done, hi + 1)
    return starts


# The look-ahead (the first letters of the words) rejects most positions at once.
_REPORTED_ON = re.compile(
    r"(?=[abcinprst])\b(?:said|says|told|tells|added|announced|reported|stated|statement|interview|confirmed|"
    r"briefing|news conference|press conference)\b[^.;]{0,24}$",
    re.I,
)


def reported_on(text: str, start: int) -> bool:
    """True when a date at `start` says when something was said ("officials said on Tuesday")."""
    return bool(_REPORTED_ON.search(text[max(0, start - 60):start]))


def event_dates(text: str, found: list[DateMention] | None = None) -> frozenset[str]:
    """A sentence's date expressions as words ("tuesday", "march 10", "1997"), the same whether
    or not the article's date is known, without the day something was said: what sets a count
    or an event in time. `found` is the sentence's `find_dates`, when the caller has it."""
    found = find_dates(text, None) if found is None else found
    return frozenset((d.label or d.text).lower() for d in found if not reported_on(text, d.start))


def _resolve(kind: str, expr: str, base: date | None, before: str) -> tuple[str, str, bool]:
    """(ISO value or "", label for unresolved, whether it is relative) for one expression."""
    words = expr.replace(",", "").split()
    if kind == "iso":
        return expr, expr, False
    if kind == "year":
        return words[-1], words[-1], False
    if kind in ("mdy", "dmy"):
        month = _month_of(words)
        day = int(re.sub(r"\D", "", next(w for w in words if w[0].isdigit() and len(re.sub(r"\D", "", w)) <= 2)))
        year = next((int(w) for w in words if len(w) == 4 and w.isdigit()), None)
        label = f"{_MONTH_NAMES[month - 1]} {day}"
        if year is None:
            if base is None:
                return "", label, True
            year = _nearest_year(base, month, day)
            return _calendar_day(label, year, month, day, base), label, True
        return _calendar_day(label, year, month, day, None), f"{label}, {year}", False
    if kind == "my":
        month = _month_of(words)
        return f"{words[-1]}-{month:02d}", f"{_MONTH_NAMES[month - 1]} {words[-1]}", False
    if kind == "mon":
        month = _month_of(words)
        if base is None:
            return "", "", True
        lead = words[0].lower()
        if lead in ("last", "since"):
            year = base.year if month <= base.month else base.year - 1
        elif lead in ("by", "until"):  # a deadline is ahead
            year = base.year if month >= base.month else base.year + 1
        elif lead == "next":
            year = base.year if month > base.month else base.year + 1
        elif lead == "this":
            year = base.year
        else:
            year = _nearest_year(base, month, 15)
        return f"{year}-{month:02d}", "", True
    if kind == "wd":
        label = words[-1].capitalize()
        if base is None:
            return "", label, True
        return _weekday(words, base, before).isoformat(), label, True
    if kind == "rel":
        if base is None:
            return "", "", True
        return (base + timedelta(days=_DAY_WORDS[expr.lower()])).isoformat(), "", True
    if kind in ("per", "ago"):
        if base is None:
            return "", "", True
        parsed = _parse(expr.lower().replace("past ", "last ").replace("earlier this", "this").replace("later this", "this"), base)
        if parsed is None:
            return "", "", True
        value, period = parsed
        if period == "month":
            return value[:7], "", True
        if period == "year":
            return value[:4], "", True
        return (value if kind == "ago" and "day" in expr else ""), "", True
    return "", "", False


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def _calendar_day(label: str, year: int, month: int, day: int, base: date | None) -> str:
    """The ISO date of a day of a month of a year, "" when there is no such day ("February 30").
    Computed, not parsed: for the years news dates fall in, dateparser gives the same (checked
    for every day of twelve months in ten years, leap years among them), at a thousandth of the cost."""
    if not 1800 <= year <= 2099:
        parsed = _parse(f"{label} {year}", base)
        return parsed[0] if parsed else ""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def _month_of(words: list[str]) -> int:
    return next(_MONTHS[w.lower().rstrip(".")] for w in words if w.lower().rstrip(".") in _MONTHS)


def _nearest_year(base: date, month: int, day: int) -> int:
    """The year that puts month/day nearest the publication date."""
    best = base.year
    best_gap = None
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            gap = abs((date(year, month, min(day, 28 if month == 2 else day)) - base).days)
        except ValueError:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = year, gap
    return best


_CLAUSE_BREAK = re.compile(r"[;!?]|,\s|\.\s(?=[A-Z])")


def _weekday(words: list[str], base: date, before: str) -> date:
    """Which calendar day a weekday name means in an article published on `base`."""
    target = _WEEKDAYS.index(words[-1].lower())
    back = (base.weekday() - target) % 7          # days since the most recent such day (0 = today)
    ahead = (target - base.weekday()) % 7 or 7    # days to the next one
    lead = words[0].lower() if len(words) > 1 else ""
    if lead == "last":
        return base - timedelta(days=back or 7)
    if lead == "next":
        return base + timedelta(days=ahead)
    if back and _FUTURE.search(_CLAUSE_BREAK.split(before)[-1][-80:]):
        return base + timedelta(days=ahead)
    return base - timedelta(days=back)


# dateparser is imported when first needed: it takes a moment and a story may have no dates.
_PARSER = None


def _parse(expr: str, base: date | None) -> tuple[str, str] | None:
    """dateparser's reading of an expression: (ISO date, period), or None."""
    return _parse_cached(expr, base)


def clear_caches() -> None:
    """Forget the parsed dates (`mentions.clear_caches`)."""
    _parse_cached.cache_clear()


@lru_cache(maxsize=4096)
def _parse_cached(expr: str, base: date | None) -> tuple[str, str] | None:
    import dateparser

    anchor = datetime.combine(base, datetime.min.time()) if base else datetime(2000, 1, 1)
    settings = {"RELATIVE_BASE": anchor, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DAY_OF_MONTH": "first"}
    data = dateparser.DateDataParser(languages=["en"], settings=settings).get_date_data(expr)
    if data.date_obj is None:
        return None
    return data.date_obj.date().isoformat(), data.period or "day"

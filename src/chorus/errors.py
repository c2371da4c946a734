"""The errors chorus raises on purpose.

    ChorusError               catch this to catch everything chorus raises on purpose
    ├── InputError            .source (path or URL), .line when known
    │   ├── UnsupportedFormat
    │   ├── MalformedRecord   a bad JSON document or JSONL line
    │   └── ExtractionError   a file with no article text in it
    ├── NoArticles            nothing usable among all the inputs
    ├── ConfigError           a bad option
    └── StoreError            database missing, locked, unreachable or at another schema version

Messages read `source:line: what is wrong`. Anything else raised inside chorus is a bug.
"""

from __future__ import annotations


class ChorusError(Exception):
    """Base of every error chorus raises on purpose; the CLI prints it without a traceback."""


class InputError(ChorusError):
    """One input could not be used; the message names it.

    >>> str(MalformedRecord("feed.jsonl", 'missing "text" field', line=12))
    'feed.jsonl:12: missing "text" field'
    """

    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        self.source = source
        self.line = line
        self.message = message
        where = source if line is None else f"{source}:{line}"
        super().__init__(f"{where}: {message}")


class UnsupportedFormat(InputError):
    pass


class MalformedRecord(InputError):
    pass


class ExtractionError(InputError):
    pass


class NoArticles(ChorusError):
    pass


class ConfigError(ChorusError):
    pass


class StoreError(ChorusError):
    """The article store cannot be used as asked; the message names the database."""

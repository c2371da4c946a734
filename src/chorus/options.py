"""Every tunable setting of chorus, with its default, in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Options:
    """Settings that travel through every stage; the CLI and the API build one.

    The size bounds exist because article text is untrusted: a 2 GB "article" must not take the
    machine down, so larger inputs are refused or cut, always with a message naming the file.
    """

    words: int = 150
    # Facts, conflicts and the timeline; off when only the summary is wanted (`chorus eval`
    # compares summarizers, so it times the summary alone).
    facts: bool = True
    # Inputs: one file (or one JSONL line) larger than this is skipped with a message.
    max_file_bytes: int = 10_000_000
    # Article text longer than this is cut at a paragraph boundary, with a message.
    max_article_chars: int = 200_000

    def __post_init__(self) -> None:
        from .errors import ConfigError

        if self.words < 1:
            raise ConfigError(f"--words must be at least 1, got {self.words}")
        if self.max_file_bytes < 1 or self.max_article_chars < 1:
            raise ConfigError("size limits must be positive")

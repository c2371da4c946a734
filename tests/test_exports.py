"""The public surface: what `import chorus` promises, sorted and importable."""

from __future__ import annotations

import chorus


def test_all_is_sorted_and_every_name_exists() -> None:
    assert chorus.__all__ == sorted(chorus.__all__)
    for name in chorus.__all__:
        assert getattr(chorus, name) is not None


def test_public_functions_are_not_shadowed_by_stage_packages() -> None:
    import chorus.brief.select  # noqa: F401  importing a stage must not replace chorus.brief
    import chorus.render.html  # noqa: F401

    assert callable(chorus.brief) and callable(chorus.render)

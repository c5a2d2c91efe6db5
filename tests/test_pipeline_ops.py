"""The spaCy pipeline multiplies through numpy's BLAS on one thread, with BLIS's answers."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import NumpyOps
from threadpoolctl import ThreadpoolController

from privacy.desensitize.blas_threads import NUMPY_LIBRARY_DIRECTORY, one_numpy_blas_thread
from privacy.desensitize.desensitizer import default_desensitizer
from privacy.desensitize.nlp import UNUSED_PIPELINE_COMPONENTS, build_nlp_engine, spacy_model_path
from privacy.desensitize.suffix_search import search_suffixes_near_the_end

TEXTS = (
    "Hi, this is Priya Raman from 14 Baker Street, London. Call me on 020 7946 0958.",
    "Monika D Grubišić and Wiremu Tane met at the café in Lisbon on Tuesday.",
    "my card is 4111 1111 1111 1111, ship to Calle de Alcalá 45, 28014 Madrid",
)


def _numpy_blas() -> ThreadpoolController:
    controller = ThreadpoolController()
    paths = [lib.filepath for lib in controller.lib_controllers
             if lib.user_api == "blas" and Path(lib.filepath).parent.name == NUMPY_LIBRARY_DIRECTORY]
    assert paths, "numpy's wheel bundles its BLAS"
    return controller.select(filepath=paths)


def _blas_threads() -> list[int]:
    return [info["num_threads"] for info in _numpy_blas().info()]


def test_the_pipelines_token_encoders_multiply_without_blis() -> None:
    """The layers thinc runs: the shared and the NER's encoders, the tagger, the
    NER's features. The NER's output layer is run by spaCy's compiled step."""
    nlp = build_nlp_engine().nlp["en"]
    ner = nlp.get_pipe("ner").model
    models = [nlp.get_pipe(name).model for name in ("tok2vec", "tagger")]
    models += [ner.get_ref("tok2vec"), ner.get_ref("lower")]
    layers = [layer for model in models for layer in model.walk()]
    assert all(isinstance(layer.ops, NumpyOps) and not layer.ops.use_blis for layer in layers)


def test_the_pipeline_tags_and_finds_what_blis_finds() -> None:
    ours = build_nlp_engine().nlp["en"]
    stock: Language = spacy.load(spacy_model_path(), exclude=UNUSED_PIPELINE_COMPONENTS)
    search_suffixes_near_the_end(stock)  # as ours: only the products differ
    for text in TEXTS:
        ours_doc, stock_doc = ours(text), stock(text)
        assert [(t.text, t.tag_, t.lemma_) for t in ours_doc] == [
            (t.text, t.tag_, t.lemma_) for t in stock_doc
        ]
        assert [(e.text, e.label_) for e in ours_doc.ents] == [(e.text, e.label_) for e in stock_doc.ents]


def test_blas_runs_on_one_thread_inside_and_as_before_after() -> None:
    with _numpy_blas().limit(limits=2):
        before = _blas_threads()
        with one_numpy_blas_thread():
            assert _blas_threads() == [1] * len(before)
        assert _blas_threads() == before


def test_overlapping_holders_give_the_count_back_whatever_order_they_end_in() -> None:
    with _numpy_blas().limit(limits=2):
        before = _blas_threads()
        first, second = one_numpy_blas_thread(), one_numpy_blas_thread()
        first.__enter__()
        second.__enter__()
        first.__exit__(None, None, None)
        assert _blas_threads() == [1] * len(before)  # the second still holds it
        second.__exit__(None, None, None)
        assert _blas_threads() == before


def test_a_desensitizer_call_keeps_blas_on_one_thread() -> None:
    desensitizer = default_desensitizer()
    with _numpy_blas().limit(limits=2):
        before = _blas_threads()
        with desensitizer._memory_zone():
            assert _blas_threads() == [1] * len(before)
        assert _blas_threads() == before

"""The spaCy pipeline multiplies through numpy's BLAS on one thread, with BLIS's answers."""

from __future__ import annotations

import spacy
from spacy.language import Language
from thinc.api import NumpyOps
from threadpoolctl import ThreadpoolController

from privacy.desensitize.desensitizer import default_desensitizer
from privacy.desensitize.nlp import (
    UNUSED_PIPELINE_COMPONENTS,
    SingleBlasThread,
    build_nlp_engine,
    spacy_model_path,
)

TEXTS = (
    "Hi, this is Priya Raman from 14 Baker Street, London. Call me on 020 7946 0958.",
    "Monika D Grubišić and Wiremu Tane met at the café in Lisbon on Tuesday.",
    "my card is 4111 1111 1111 1111, ship to Calle de Alcalá 45, 28014 Madrid",
)


def _blas_threads() -> list[int]:
    return [info["num_threads"] for info in ThreadpoolController().select(user_api="blas").info()]


def test_the_pipelines_token_encoders_multiply_without_blis() -> None:
    """The layers thinc runs: the shared and the NER's encoders, the tagger, the
    NER's features. The NER's output layer is run by spaCy's compiled step."""
    nlp = build_nlp_engine().nlp["en"]
    ner = nlp.get_pipe("ner").model
    models = [nlp.get_pipe("tok2vec").model, nlp.get_pipe("tagger").model, ner.get_ref("tok2vec"),
              ner.get_ref("lower")]
    layers = [layer for model in models for layer in model.walk()]
    assert all(isinstance(layer.ops, NumpyOps) and not layer.ops.use_blis for layer in layers)


def test_the_pipeline_tags_and_finds_what_blis_finds() -> None:
    ours = build_nlp_engine().nlp["en"]
    stock: Language = spacy.load(spacy_model_path(), exclude=UNUSED_PIPELINE_COMPONENTS)
    for text in TEXTS:
        ours_doc, stock_doc = ours(text), stock(text)
        assert [(t.text, t.tag_, t.lemma_) for t in ours_doc] == [
            (t.text, t.tag_, t.lemma_) for t in stock_doc
        ]
        assert [(e.text, e.label_) for e in ours_doc.ents] == [(e.text, e.label_) for e in stock_doc.ents]


def test_blas_runs_on_one_thread_inside_and_as_before_after() -> None:
    before = _blas_threads()
    with SingleBlasThread()():
        assert set(_blas_threads()) <= {1}
    assert _blas_threads() == before


def test_a_desensitizer_call_keeps_blas_on_one_thread() -> None:
    desensitizer = default_desensitizer()
    before = _blas_threads()
    with desensitizer._memory_zone():
        assert set(_blas_threads()) <= {1}
    assert _blas_threads() == before

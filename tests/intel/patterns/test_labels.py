from datetime import date

import numpy as np
import scipy.sparse as sp

from intel.patterns.items import Item
from intel.patterns.labels import class_tfidf, excerpt, top_terms
from nlp.extraction import Entity


def test_class_tfidf_prefers_words_distinctive_of_a_cluster():
    # words: car, hotel, missing, report ; "report" is everywhere, so it labels nothing
    counts = sp.csr_matrix(np.array([[2, 1, 0, 1], [1, 2, 0, 1], [0, 0, 3, 1], [0, 0, 2, 1]]))
    terms = top_terms(class_tfidf(counts, np.array([0, 0, 1, 1]), 2), ["car", "hotel", "missing", "report"], 2)
    assert terms[0][:2] in (["car", "hotel"], ["hotel", "car"]) and terms[1][0] == "missing"
    assert "report" not in terms[1][:1]


def test_excerpt_is_redacted_with_the_last_net_for_names_found_elsewhere():
    text = "Chloe SMITH (15) seen with Klevis in a car, call 07700 900123. Klevis is known to police."
    it = Item(id="A", text=text, date=date(2026, 11, 2), bcu="Hackney",
              spans=(Entity("PERSON", "Chloe SMITH", 0, 11, "chloe smith"),))
    out = excerpt(it, 280, hints=frozenset({"klevis"}))
    assert "Chloe" not in out and "SMITH" not in out and "Klevis" not in out and "900123" not in out
    assert "[NAME]" in out and "car" in out


def test_excerpt_is_cut_at_a_word():
    it = Item(id="A", text="word " * 200, date=date(2026, 11, 2), bcu="Hackney",
              spans=(Entity("AGE", "15", 0, 0, "15"),))
    out = excerpt(it, 50)
    assert len(out) <= 50 and out.endswith("…")

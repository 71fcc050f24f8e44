import json

import numpy as np
import pytest

from intel.patterns.clusterer import TopicClusterer
from intel.patterns.embedding import TextEmbedder

TEXTS = ["older male collected girl in a car", "girl seen in a car with an older male",
         "boy found with drugs on a train", "drugs and cash found on a boy on the train",
         "child missing from care home overnight", "missing child returned to the care home"] * 10


@pytest.mark.parametrize("reducer", ["lsa", "nmf", "none"])
def test_embedder_state_round_trips_through_json(reducer):
    emb = TextEmbedder(n_components=3, reducer=reducer, random_state=1)
    Z = emb.fit_transform(TEXTS)
    assert np.allclose(np.linalg.norm(Z, axis=1), 1, atol=1e-5)  # unit rows: dot product is cosine
    back = TextEmbedder.from_state(json.loads(json.dumps(emb.to_state())))
    if reducer != "nmf":  # restored NMF projects instead of solving: close, not equal
        assert np.allclose(back.transform(TEXTS[:6]), emb.transform(TEXTS[:6]), atol=1e-5)
    assert back.transform(["a brand new word"]).shape[0] == 1


def test_clusterer_finds_three_topics_and_partial_fit_moves_centres_by_count():
    emb = TextEmbedder(n_components=3, random_state=1)
    Z = emb.fit_transform(TEXTS)
    clu = TopicClusterer(n_clusters=3, random_state=1).fit(Z, tfidf=emb.tfidf_)
    labels = clu.labels_[:6]
    assert labels[0] == labels[1] and labels[2] == labels[3] and labels[4] == labels[5]
    assert len({labels[0], labels[2], labels[4]}) == 3
    before = clu.cluster_centers_.copy()
    counts = clu.counts_.copy()
    new = emb.transform(["older male collected girl in a car"])
    k = clu.predict(new)[0]
    clu.partial_fit(new)
    assert clu.counts_[k] == counts[k] + 1
    assert float(new[0] @ clu.cluster_centers_[k]) >= float(new[0] @ before[k]) - 1e-6  # moved towards it
    others = [j for j in range(3) if j != k]
    assert np.allclose(clu.cluster_centers_[others], before[others])  # the rest untouched
    back = TopicClusterer.from_state(json.loads(json.dumps(clu.to_state())))
    assert (back.predict(Z) == clu.predict(Z)).all()


def test_auto_k_stays_in_range():
    emb = TextEmbedder(n_components=3, random_state=1)
    clu = TopicClusterer(n_clusters="auto", k_min=2, k_max=6, random_state=1).fit(emb.fit_transform(TEXTS))
    assert 2 <= clu.n_clusters_ <= 6

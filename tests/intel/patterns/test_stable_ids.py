from intel.patterns.stable_ids import match_ids

CARS = {"car": 0.5, "collected": 0.4, "hotel": 0.3}
DRUGS = {"drugs": 0.5, "train": 0.4, "cash": 0.3}
MISSING = {"missing": 0.6, "care": 0.4, "returned": 0.2}


def test_matched_clusters_keep_ids_and_new_ones_get_fresh_ids():
    m, nxt = match_ids(["C0001", "C0002"], [CARS, DRUGS], [DRUGS, MISSING, CARS], next_id=3,
                       threshold=0.5, split_merge_threshold=0.3)
    assert m.ids == ["C0002", "C0003", "C0001"] and nxt == 4
    assert m.events == [] and m.retired == []


def test_split_and_merge_are_recorded():
    half_cars = {"car": 0.5, "collected": 0.4}
    hotel_only = {"hotel": 0.3, "collected": 0.1, "room": 0.4}
    m, _ = match_ids(["C0001"], [CARS], [half_cars, hotel_only], 2, 0.5, 0.3)
    assert m.ids == ["C0001", "C0002"]
    assert m.events == [{"kind": "split", "from": ["C0001"], "into": ["C0001", "C0002"]}]
    m, _ = match_ids(["C0001", "C0002"], [CARS, half_cars], [CARS], 3, 0.5, 0.3)
    assert m.ids == ["C0001"] and m.events == [{"kind": "merge", "from": ["C0002"], "into": ["C0001"]}]


def test_vanished_cluster_is_retired():
    m, _ = match_ids(["C0001", "C0002"], [CARS, DRUGS], [CARS], 3, 0.5, 0.3)
    assert m.retired == ["C0002"]

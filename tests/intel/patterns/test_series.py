from datetime import date

from intel.patterns.items import Item
from intel.patterns.series import linked_series
from intel.patterns.settings import SeriesSettings

S = SeriesSettings()


def item(id, bcu, ents, d=date(2026, 11, 2), risk=10, themes=("cse",)):
    return Item(id=id, text="", date=d, bcu=bcu, entities=tuple(ents), risk=risk, themes=themes)


def test_series_across_two_bcus_via_vrm_and_phone_chain():
    items = [
        item("A", "Hackney", [("VRM", "LR15KTW")], risk=30),
        item("B", "Islington", [("VRM", "LR15KTW"), ("PHONE", "07700900123")], d=date(2026, 11, 9), risk=72),
        item("C", "Islington", [("PHONE", "07700900123")], d=date(2026, 11, 10)),
        item("D", "Hackney", [("VRM", "AB12CDE")]),  # shares nothing
        item("E", "Barnet", [("PERSON", "chloe")]),  # names do not link
        item("F", "Barnet", [("PERSON", "chloe")]),
    ]
    pats, _ = linked_series(items, S)
    assert len(pats) == 1
    p = pats[0]
    assert p.records == ["A", "B", "C"] and p.bcus == ["Hackney", "Islington"]
    assert p.entities == [{"label": "PHONE", "norm": "07700900123"}, {"label": "VRM", "norm": "LR15KTW"}]
    assert p.weeks == ["2026-W45", "2026-W46"] and p.theme == "cse"
    assert p.statistic["highest_risk"] == 72 and p.statistic["highest_risk_record"] == "B"


def test_cross_bcu_series_rank_above_single_bcu():
    items = [item("A", "Hackney", [("EMAIL", "x@y.com")]), item("B", "Hackney", [("EMAIL", "x@y.com")]),
             item("C", "Hackney", [("EMAIL", "x@y.com")]),
             item("D", "Sutton", [("NICKNAME", "trigga")]), item("E", "Merton", [("NICKNAME", "trigga")])]
    pats, _ = linked_series(items, S)
    assert [p.records for p in pats] == [["D", "E"], ["A", "B", "C"]]


def test_a_venue_alone_does_not_link_but_two_shared_venues_in_one_area_do():
    dalston = [("VENUE", "mcdonalds"), ("PLACE", "dalston")]
    items = [item("A", "Hackney", dalston), item("B", "Hackney", dalston),  # same school run: no link
             item("C", "Hackney", dalston + [("VENUE", "premier inn")]),
             item("D", "Hackney", dalston + [("VENUE", "premier inn")]),
             item("E", "Croydon", [("VENUE", "mcdonalds"), ("VENUE", "premier inn"), ("PLACE", "thornton heath")])]
    pats, _ = linked_series(items, S)
    assert [p.records for p in pats] == [["C", "D"]]
    assert [e["norm"] for e in pats[0].entities] == ["mcdonalds @ dalston", "premier inn @ dalston"]


def test_over_common_entity_links_nothing():
    s = SeriesSettings(max_records_per_entity=3)
    items = [item(f"R{i}", "Westminster", [("NICKNAME", "bigman")]) for i in range(5)]
    items += [item("X", "Westminster", [("VRM", "LR15KTW"), ("NICKNAME", "bigman")]),
              item("Y", "Camden", [("VRM", "LR15KTW")])]
    pats, common = linked_series(items, s)
    assert [p.records for p in pats] == [["X", "Y"]]
    assert common == [{"label": "NICKNAME", "norm": "bigman", "records": 6}]

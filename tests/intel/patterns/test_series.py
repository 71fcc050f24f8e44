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


def titem(id, bcu, text, ents=()):
    return Item(id=id, text=text, date=date(2026, 11, 2), bcu=bcu, entities=tuple(ents), risk=10, themes=("cce",))


def test_a_street_name_tagged_once_links_its_plain_mentions_elsewhere():
    items = [titem("A", "Bexley", "Seen with 'Sparky', an older gang member.", [("NICKNAME", "sparky")]),
             titem("B", "Wandsworth", "source says sparky recruited him into selling in Kent"),
             titem("C", "Merton", "He had a sparkly new jacket.")]  # another word, not the name
    pats, _ = linked_series(items, S)
    assert [(p.records, p.bcus) for p in pats] == [(["A", "B"], ["Bexley", "Wandsworth"])]
    off = SeriesSettings(propagate_nicknames=False)
    assert linked_series(items, off)[0] == []


def test_a_prefixed_or_longer_street_name_is_someone_else():
    items = [titem("A", "Croydon", "goes by the name 'Nitro'", [("NICKNAME", "nitro")]),
             titem("B", "Hillingdon", "he has a new street name, Yung Nitro"),
             titem("C", "Newham", "works for the Baby Nitro line", [("NICKNAME", "baby nitro")])]
    assert linked_series(items, S)[0] == []


def test_a_word_inside_a_longer_quoted_name_is_someone_else():
    items = [titem("A", "Brent", "YP given the name 'Buzz' by older boys", [("NICKNAME", "buzz")]),
             titem("B", "Barnet", "believed to be working for the '\"Rich Buzz\"' line"),
             titem("C", "Camden", "working for the 'kid buzz' line"),
             titem("D", "Harrow", "older boys call him buzz now")]  # the name itself
    assert [p.records for p in linked_series(items, S)[0]] == [["A", "D"]]


def test_a_nickname_that_is_an_ordinary_word_is_not_propagated():
    # tagged in one narrative, used as a plain word in three: 'tiny' is an adjective here
    items = [titem("A", "Brent", "known as 'Tiny'", [("NICKNAME", "tiny")])] + [
        titem(f"B{i}", "Ealing", "a tiny bruise on her arm") for i in range(3)]
    assert linked_series(items, S)[0] == []


def test_the_second_half_of_an_unquoted_two_word_name_is_someone_else():
    items = [titem("A", "Camden", "YP goes by the name 'Toots'", [("NICKNAME", "toots")]),
             titem("B", "Brent", "YP goes by rich toots among the estate group"),
             titem("C", "Ealing", "he has been given the name mad toots by older boys"),
             titem("D", "Harrow", "he goes by the name of toots on the estate")]  # the name itself
    assert [p.records for p in linked_series(items, S)[0]] == [["A", "D"]]

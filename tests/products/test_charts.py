import re

from products.charts import trend_chart, volumes_chart


def test_volumes_chart_keeps_text_as_text_and_is_stable():
    a = volumes_chart(["Child sexual exploitation", "Neglect"], [9, 1], [3.0, 1.5], [2.5, 1.0])
    b = volumes_chart(["Child sexual exploitation", "Neglect"], [9, 1], [3.0, 1.5], [2.5, 1.0])
    assert a == b
    assert a.startswith("<svg")
    texts = re.findall(r"<text[^>]*>([^<]*)", a)
    assert "Child sexual exploitation" in texts and "Records per week" in texts
    assert "<metadata>" not in a and "http://purl.org" not in a


def test_trend_chart_labels_weeks():
    svg = trend_chart(["2026-W46", "2026-W47"], [2, 5])
    assert "W47" in re.findall(r"<text[^>]*>([^<]*)", svg)

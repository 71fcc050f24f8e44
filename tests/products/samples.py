"""Hand-made product inputs: one BCU week with a linked series, a spike, focus figures and one
high-risk child. Names, phones and emails in the excerpts must never reach a PDF."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

from pypdf import PdfReader

from products.inputs import (
    Backlog, Briefing, DataQuality, Excerpt, FocusAreas, Grade, GradingSpread, HighRiskChild, PatternItem,
    Period, PlaceCount, ProblemProfile, Provenance, RepeatMissing, ThemeCount,
)

NAMES = ["Chloe Smith", "Jordan Price", "Tanya", "WILLIAMS", "HARRIS", "Tiago"]
PHONES = ["07700 900123", "07700900123"]
EMAILS = ["jordan.price@example.com"]
SECRET = "Covert source places the vehicle at the Leyton flat nightly"

G2B = Grade("2", "B", "P")
G3D = Grade("3", "D", "P")
G1AC = Grade("1", "A", "C")


def excerpts() -> list[Excerpt]:
    return [
        Excerpt("LIT-2026-00101", "Source reports Chloe Smith (15) is collected most evenings by an older male in "
                "a black Audi LR15 KTW; he calls her on 07700 900123.", G2B, "Hackney", date(2026, 11, 17)),
        Excerpt("LIT-2026-00102", SECRET + ".", G1AC, "Camden", date(2026, 11, 18)),
        Excerpt("LIT-2026-00103", "Possibly the same Audi seen outside the chicken shop; driver uses "
                "jordan.price@example.com on Snapchat.", G3D, "Islington", date(2026, 11, 19)),
        Excerpt("CR-2026-000377", "Crime report: victim Tanya WILLIAMS (14) of Dalston. Tanya was found in the "
                "front seat of LR15 KTW. HARRIS Tiago was with her.", Grade(), "Hackney", date(2026, 11, 20)),
    ]


def make_briefing(*, bcu: str | None = "Hackney", records: int = 12, empty: bool = False, **over) -> Briefing:
    if empty:
        return Briefing(
            force_name="Metropolitan Police Service", bcu=bcu,
            period=Period("2026-W47", date(2026, 11, 16), date(2026, 11, 22)),
            theme_counts=[ThemeCount("cse", "Child sexual exploitation", 0, 0.0, 0.0)],
            provenance=Provenance("p1", "t1", "m1", datetime(2026, 11, 23, 7, 0), "analyst1"),
        )
    fields = dict(
        force_name="Metropolitan Police Service", bcu=bcu,
        period=Period("2026-W47", date(2026, 11, 16), date(2026, 11, 22)),
        theme_counts=[
            ThemeCount("cse", "Child sexual exploitation", 9, 3.0, 2.5),
            ThemeCount("missing", "Missing and absent children", 4, 4.25, 3.9),
            ThemeCount("iioc", "Indecent images of children", 2, 1.5, 1.2),
            ThemeCount("neglect", "Neglect", 0, 0.0, 0.0),
        ],
        patterns=[
            PatternItem("LS0001", "linked_series", "Vehicle LR15KTW links 3 records in 3 BCUs.", "cse",
                        ["Hackney", "Islington", "Camden"], ["2026-W46", "2026-W47"],
                        ["LIT-2026-00101", "LIT-2026-00102", "LIT-2026-00103"],
                        [{"label": "VRM", "norm": "LR15KTW"}, {"label": "PHONE", "norm": "07700900123"}],
                        ["audi", "collected"], 0.9, excerpts=excerpts()),
            PatternItem("SP0001", "spike", "CSE records in Hackney rose to 9 against 2.1 expected.", "cse",
                        ["Hackney"], ["2026-W47"], ["LIT-2026-00101"], [], [], 0.7,
                        {"observed": 9, "expected": 2.1, "q": 0.01}),
        ],
        focus=FocusAreas(cse_new=9, cse_open=14, iioc_cases=3, iioc_with_plan=1,
                         iioc_without_plan=["CR-2026-000321", "CR-2026-000322"], missing_episodes=6,
                         missing_children=4, repeat_missing=[RepeatMissing("YP-004512", 4, 2)],
                         backlogs=[Backlog("MASH", 17, 23), Backlog("PPD", 5, 9)],
                         nfa_notifications=2, nfa_refs=["MR-2026-000044", "MR-2026-000051"]),
        high_risk=[HighRiskChild("YP-004512", 81, "high",
                                 ["older_partner (significant, current)", "vehicles (significant, current)"],
                                 ["LIT-2026-00101"], G2B)],
        data_quality=DataQuality(records=records, ungraded=2, ungraded_refs=["CR-2026-000401", "CR-2026-000402"],
                                 missing_fields={"ward": 3}, quarantined=1,
                                 quarantine_reasons={"date: not a date": 1}),
        grading=GradingSpread({"2B": 6, "3D": 2, "1A": 2, "??": 2}, {"P": 9, "C": 1, "?": 2}),
        provenance=Provenance("nlp-0.1+tax-abc", "tax-abc", "blank-en 3.8", datetime(2026, 11, 23, 7, 0),
                              "analyst1", 5, "2026-W36 to 2026-W47"),
        bcu_counts={"Hackney": 12, "Camden": 4} if bcu is None else {},
    )
    fields.update(over)
    return Briefing(**fields)


def make_profile() -> ProblemProfile:
    b = make_briefing()
    weeks = [f"2026-W{n}" for n in range(36, 48)]
    counts = {w: (1 if i < 4 else 2 if i < 8 else 6) for i, w in enumerate(weeks)}
    return ProblemProfile(
        "Metropolitan Police Service", "Hackney", "cse", "Child sexual exploitation",
        "A child coerced or manipulated into sexual activity.", weeks, counts, {"Hackney": 30, "Camden": 6},
        [PlaceCount("Mare Street", "PLACE", 5), PlaceCount("chicken shop", "VENUE", 3)],
        {"vehicles": 6, "older_partner": 4}, b.patterns, excerpts(), b.high_risk, b.grading, b.provenance)


def pdf_text(data: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(BytesIO(data)).pages]



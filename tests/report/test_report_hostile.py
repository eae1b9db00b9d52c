"""Whatever a director types, the PDF renders: markup is printed as typed, every script the fonts
cover survives, characters no font has become a clean box, control characters disappear, very
long names stay inside the page, and empty or cost-free proposals still make a sensible case."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.finance.inputs import (
    FundingInput,
    GoalInput,
    GoalLink,
    ItemInput,
    MetricInput,
    ProposalInput,
    RiskInput,
    ScenarioInput,
)
from desktop.report.fonts import MISSING_GLYPH
from desktop.report.narrative import payback_statement
from desktop.vocabulary import (
    FundingKind,
    GoalLevel,
    InitiativeKind,
    ItemCategory,
    MetricArea,
    RiskKind,
)
from tests.hostile_strings import HOSTILE_CASES

from .report_support import render, squash

D = Decimal


def proposal(**fields: object) -> ProposalInput:
    values: dict[str, object] = {
        "name": "Hostile text proposal",
        "district": "Test Unified",
        "initiative": InitiativeKind.ONE_TO_ONE,
        "fiscal_year_start": 2027,
        "horizon_years": 5,
        "students": 1000,
        "prepared_by": "Director of Technology",
    }
    values.update(fields)
    return ProposalInput(**values)  # type: ignore[arg-type]


def full_proposal(text: dict[str, str]) -> ProposalInput:
    """Every kind of row present, each named with the given text."""
    return proposal(
        name=text.get("name", "Hostile text proposal"),
        district=text.get("district", "Test Unified"),
        prepared_by=text.get("person", "Director"),
        executive_summary=text.get("summary", ""),
        goals=(
            GoalInput(
                1, text.get("code", "G1"), text.get("goal", "Goal"), GoalLevel.DISTRICT_STRATEGIC
            ),
        ),
        items=(
            ItemInput(
                1,
                text.get("item", "Item"),
                ItemCategory.HARDWARE,
                D(100),
                unit_cost=D("300.00"),
                recurring_unit_cost=D("10.00"),
                lifespan_years=4,
                vendor=text.get("vendor", ""),
                notes=text.get("notes", ""),
                goal_links=(GoalLink(1, text.get("rationale", "")),),
                risk_keys=(1,),
                metric_keys=(1,),
            ),
        ),
        risks=(
            RiskInput(
                1,
                text.get("risk", "Risk"),
                RiskKind.FINANCIAL,
                D(100),
                D("0.2"),
                D("0.1"),
                D("300"),
                D("100"),
            ),
        ),
        metrics=(
            MetricInput(
                1,
                text.get("metric", "Metric"),
                MetricArea.STUDENT_RESULTS,
                unit=text.get("unit", "%"),
                baseline=D(40),
                target=D(60),
                target_year=2030,
                data_source=text.get("source", "Survey"),
                owner=text.get("owner", "Owner"),
            ),
        ),
        funding=(
            FundingInput(
                1,
                text.get("funding", "General fund"),
                FundingKind.MAINTENANCE_OPERATIONS,
                True,
                {y: D("20000") for y in range(1, 6)},
            ),
        ),
        scenarios=(ScenarioInput(1, text.get("scenario", "Lean"), {1: D(50)}),),
    )


@pytest.mark.parametrize("handout", [False, True], ids=["full", "handout"])
def test_markup_is_printed_as_typed_never_parsed(handout: bool) -> None:
    script = "<script>alert(1)</script>"
    bold = "<b>&amp;\"quotes'</b>"
    data = full_proposal(
        {
            "name": script,
            "item": bold,
            "goal": bold,
            "risk": script,
            "summary": f"{bold} and {script}",
            "funding": script,
            "code": "<i>",
        }
    )
    document = render(data, handout=handout)
    assert "<script>" in document.text
    assert squash(script) in document.squashed
    if not handout:
        assert squash(bold) in document.squashed
        assert "<i>" in document.text


def test_every_hostile_string_renders_in_every_field() -> None:
    cases = list(HOSTILE_CASES.values())
    fields = [
        "name",
        "district",
        "person",
        "summary",
        "code",
        "goal",
        "item",
        "vendor",
        "notes",
        "rationale",
        "risk",
        "metric",
        "unit",
        "source",
        "owner",
        "funding",
        "scenario",
    ]
    # Each render puts a different hostile string in each field; together the renders send
    # every string through some field of both documents.
    for shift in range(0, len(cases), len(fields)):
        text = {field: cases[(shift + i) % len(cases)] for i, field in enumerate(fields)}
        for handout in (False, True):
            document = render(full_proposal(text), handout=handout)
            assert document.page_count >= 1
            assert "\x00" not in document.text


@pytest.mark.parametrize(
    "name",
    [
        "Écoles numériques — déploiement à Montréal",
        "Ψηφιακά σχολεία για όλους",
        "Цифровая школа для каждого ученика",
        "Ünïcödé ñandú façade Øresund",
    ],
)
def test_accented_greek_and_cyrillic_text_survives(name: str) -> None:
    document = render(full_proposal({"name": name, "item": name, "goal": name, "risk": name}))
    assert squash(name) in document.squashed


def test_right_to_left_text_keeps_its_letters() -> None:
    arabic = "\u0645\u0631\u062d\u0628\u0627"
    hebrew = "\u05e9\u05dc\u05d5\u05dd"
    document = render(full_proposal({"item": f"{arabic} {hebrew}", "goal": arabic}))
    for word in (arabic, hebrew):
        assert set(word) <= set(document.text)


def test_chinese_and_japanese_use_the_fallback_font_and_survive() -> None:
    chinese, japanese = "\u6559\u80b2\u9884\u7b97", "\u5b66\u6821\u30c7\u30d0\u30a4\u30b9"
    document = render(full_proposal({"name": f"{chinese} {japanese}", "item": chinese}))
    assert chinese in document.text
    assert japanese in document.squashed
    fonts = set()
    for page in document.reader.pages:
        resources = page["/Resources"]["/Font"]
        fonts |= {str(resources[key]["/BaseFont"]) for key in resources}
    assert any("DroidSansFallback" in font for font in fonts)


def test_korean_uses_its_own_font_and_survives() -> None:
    korean = "\ud55c\uad6d\uc5b4 \ud559\uad50"  # "Korean school", in Hangul
    document = render(full_proposal({"name": korean, "item": f"Devices {korean}", "goal": korean}))
    assert korean in document.text
    assert MISSING_GLYPH not in document.text
    fonts = set()
    for page in document.reader.pages:
        resources = page["/Resources"]["/Font"]
        fonts |= {str(resources[key]["/BaseFont"]) for key in resources}
    assert any("NanumSquare" in font for font in fonts)


def test_characters_no_font_has_become_a_box_not_an_error() -> None:
    hindi = "\u0939\u093f\u0928"  # Devanagari: in no shipped font
    document = render(full_proposal({"item": f"Devices {hindi} \U0001f9ea", "goal": "ok"}))
    assert "Devices" in document.text
    assert MISSING_GLYPH * 3 in document.text


def test_emoji_and_pasted_styled_letters_print_as_themselves() -> None:
    """ "📱 Devices ✅" printed as boxes around the name, and a title pasted as maths bold
    letters ("𝐁𝐨𝐥𝐝", as social media styles text) as a row of boxes."""
    emoji = "\U0001f4f1 Devices \u2705 \U0001f9ea"
    document = render(
        full_proposal({"item": emoji, "goal": "\U0001d401\U0001d428\U0001d425\U0001d41d goal"})
    )
    assert MISSING_GLYPH not in document.text
    assert emoji in document.text
    assert "Bold goal" in document.text
    fonts = set()
    for page in document.reader.pages:
        resources = page["/Resources"]["/Font"]
        fonts |= {str(resources[key]["/BaseFont"]) for key in resources}
    assert any("NotoEmoji" in font for font in fonts)


def test_control_characters_are_stripped() -> None:
    document = render(full_proposal({"item": "Before\x00After\x07Bell\x1b[31m", "goal": "x"}))
    assert "BeforeAfterBell[31m" in document.squashed
    assert "\x00" not in document.text and "\x1b" not in document.text


def test_a_5000_character_name_is_cut_and_stays_on_the_page() -> None:
    long_name = ("Districtwide wireless refresh with managed switching " * 100)[:5000]
    long_word = "Supercalifragilistic" * 250
    full = render(full_proposal({"name": long_name, "item": long_word, "goal": long_word}))
    handout = render(full_proposal({"name": long_name, "item": long_word}), handout=True)
    assert full.page_count < 25
    assert handout.page_count <= 2
    assert squash(long_name[:40]) in full.squashed
    assert "\u2026" in full.pages[0]  # the cover shows the name shortened, with an ellipsis


def test_a_proposal_with_nothing_in_it_still_renders() -> None:
    data = proposal()
    full = render(data)
    handout = render(data, handout=True)
    assert handout.page_count <= 2
    text = full.text
    assert "The proposal has no items yet." in text
    assert "No risks are recorded for this proposal." in text
    assert "No measures of success are recorded yet." in text
    assert "no alternative" in text
    assert "No funding source is named yet" in text
    assert squash(payback_statement(__import__("desktop.finance").finance.compute(data))) in (
        full.squashed
    )


def test_a_proposal_with_items_but_zero_costs_renders() -> None:
    data = proposal(
        items=(ItemInput(1, "Donated devices", ItemCategory.HARDWARE, D(50)),),
        goals=(GoalInput(1, "G1", "Access", GoalLevel.DISTRICT_STRATEGIC),),
    )
    document = render(data)
    assert "$0.00" in document.text
    assert "Donated devices" in document.text
    assert render(data, handout=True).page_count <= 2


def test_an_item_whose_row_is_taller_than_a_page_still_renders() -> None:
    words = "because the board asked for every classroom to be online at once " * 6
    goals = tuple(
        GoalInput(g, f"G{g}", f"Goal {g}: {words}", GoalLevel.DISTRICT_STRATEGIC)
        for g in range(1, 11)
    )
    item = ItemInput(
        1,
        "Wireless " * 20,
        ItemCategory.NETWORK_INFRASTRUCTURE,
        D(10),
        unit_cost=D(100),
        goal_links=tuple(GoalLink(g.key, words) for g in goals),
    )
    document = render(proposal(items=(item,), goals=goals))
    assert "and 2 more" in document.text
    assert document.page_count > 3


def test_an_item_measured_by_long_unbroken_japanese_names_still_renders() -> None:
    """Ten metrics named with 200 Japanese characters and no space: a row of the item table is
    split across pages where reportlab cannot split the cell, which dropped its broken lines;
    the next build drew the cell from a remembered size and crashed ("no attribute blPara")."""
    metrics = tuple(
        MetricInput(m, f"{m}" + "\u3042" * 199, MetricArea.STUDENT_RESULTS) for m in range(1, 11)
    )
    items = tuple(
        ItemInput(
            i,
            f"Item {i}",
            ItemCategory.HARDWARE,
            D(10),
            unit_cost=D(100),
            metric_keys=tuple(m.key for m in metrics),
        )
        for i in range(1, 4)
    )
    document = render(proposal(items=items, metrics=metrics))
    assert "\u3042" * 5 in document.text
    assert document.page_count > 3

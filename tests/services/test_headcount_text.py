"""Numbers written in the proposal's texts that still quote a headcount the director changed:
found where they stand, and only where a sentence quotes the count itself."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.services.editing import list_rows, update_proposal, update_row
from desktop.services.headcount_text import old_counts, quotes_count, texts_quoting
from desktop.services.library import Library
from desktop.services.proposals import proposal_basics


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Bandwidth for 4,200 students online at once", 4200),
        ("Sized for 4200 students.", 4200),
        ("Enrollment (4,200) as of October", 4200),
        ("Exposure is the 280 teachers.", 280),
        ("A 280-teacher district", 280),
        ("Training for 12 teachers", 12),
        ("Coaching for 12 classroom teachers", 12),
        ("2,030 teachers", 2030),
        ("4\u00a0200 students", 4200),
    ],
)
def test_a_count_written_in_a_sentence_is_found(text: str, count: int) -> None:
    assert quotes_count(text, count)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Installation is $4,200 a month", 4200),  # money
        ("about € 4200 a year", 4200),
        ("14,200 households in the county", 4200),  # a longer number
        ("4,2001 hits", 4200),
        ("a $4,200,000 bond", 4200),
        ("4,200.50 in fees", 4200),
        ("1,280 devices", 280),
        ("ThinkPad X280 laptops", 280),  # a model name
        ("a 280% rise", 280),  # a share
        ("grades 2–12", 12),  # a small number, not people
        ("12 months of support", 12),
        ("K-12 students", 12),
        ("between 280–300 teachers", 280),  # a range
        ("the Riverside 2030 plan", 2030),  # a year
    ],
)
def test_a_number_that_is_not_the_count_is_not_taken_for_it(text: str, count: int) -> None:
    assert not quotes_count(text, count)


def test_the_sample_texts_quoting_the_old_teachers_are_named_row_by_row(
    library: Library, sample_id: int
) -> None:
    """280 teachers became 285: the risk's description and the learning days' note still said
    280. Every kind of text is searched; money and longer numbers are left out."""
    before = proposal_basics(library, sample_id)
    summary = str(before["executive_summary"])
    update_proposal(library, sample_id, {"executive_summary": summary + " All 280 teachers."})
    first, second = list_rows(library, sample_id, "funding_source")[:2]
    update_row(library, "funding_source", first["id"], {"notes": "$280 a year; 1,280 devices."})
    update_row(library, "funding_source", second["id"], {"notes": "Stipends for 280 teachers."})
    metric = list_rows(library, sample_id, "metric")[0]
    update_row(library, "metric", metric["id"], {"data_source": "Survey of all 280 teachers"})
    goal = list_rows(library, sample_id, "goal")[0]
    update_row(library, "goal", goal["id"], {"description": "For our 280 teachers."})
    scenario = list_rows(library, sample_id, "scenario")[0]
    update_row(library, "scenario", scenario["id"], {"description": "Keeps 280 teacher-days."})

    olds = old_counts(before, {**before, "teachers": 285})
    assert olds[0] == 280
    found = [(row.place, row.name, row.fields) for row in texts_quoting(library, sample_id, olds)]
    assert found == [
        ("Basics", "", ("executive summary",)),
        ("Strategic plans", goal["title"], ("description",)),
        ("Items", "Teacher professional learning days", ("notes",)),
        ("Scenarios", scenario["name"], ("description",)),
        ("Risks", "Class time lost to devices and sign-in problems", ("description",)),
        ("Metrics", metric["name"], ("data source",)),
        ("Funding", second["name"], ("notes",)),
    ]


def test_the_old_enrollment_is_found_in_the_reason_an_item_serves_a_goal(
    library: Library, sample_id: int
) -> None:
    before = proposal_basics(library, sample_id)
    olds = old_counts(before, {**before, "students": 4326})
    [row] = texts_quoting(library, sample_id, olds)
    assert (row.place, row.name, row.fields, row.figures) == (
        "Links",
        "Internet access upgrade from 2 to 10 Gbps",
        ("why it serves RSP 1.1",),
        (Decimal(4200),),
    )


def test_a_count_no_text_quotes_finds_nothing(library: Library, sample_id: int) -> None:
    before = proposal_basics(library, sample_id)
    olds = old_counts(before, {**before, "staff": 200})
    assert Decimal(190) in olds
    assert texts_quoting(library, sample_id, olds) == []

"""What of the 1:1 template's examples a proposal still holds, counted and said in words.

A proposal started from the template carries its district ("Your District"), its goals' wording
and its illustrative prices, estimates, baselines and funding amounts until the director replaces
them. The rows are marked as they are read (``template_placeholder`` on each input row, set by
the services layer); this module counts them for the rubric, which gives no credit on their
strength, and for the printed case, which says on its cover that they are still examples.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.finance.inputs import ProposalInput
from desktop.finance.money import format_count
from desktop.vocabulary import TEMPLATE_DISTRICT
from desktop.wording import in_a_list


@dataclass(frozen=True, slots=True)
class TemplatePlaceholders:
    """How many rows of each kind still hold the template's wording or figures, and whether the
    district is still the template's."""

    district: bool = False
    goals: int = 0
    items: int = 0
    risks: int = 0
    metrics: int = 0
    funding: int = 0

    def __bool__(self) -> bool:
        return bool(
            self.district or self.goals or self.items or self.risks or self.metrics or self.funding
        )

    def rows_phrase(self, kinds: tuple[str, ...]) -> str:
        """What of ``kinds`` ("goals", "items", "risks", "metrics", "funding") is still the
        template's, as the Plans, Items, Risks, Metrics and Funding steps word it: "7 goals
        still have the template's wording and 20 items the template's illustrative figures"
        ("" when none is)."""
        parts = [
            (count, kind) for kind in ROW_KINDS if kind in kinds and (count := getattr(self, kind))
        ]
        said = [
            _row_words(count, kind, first=index == 0) for index, (count, kind) in enumerate(parts)
        ]
        return in_a_list(said)

    def notice(self) -> str:
        """The sentence the printed case opens with while any example is left ("" when none
        is): "20 items, 8 risks, 9 metrics and 5 funding sources still carry the template's
        illustrative figures, 7 plan goals keep its wording, and the district is still named
        “Your District”."."""
        figures = [
            format_count(count, one, many)
            for count, one, many in (
                (self.items, "item", "items"),
                (self.risks, "risk", "risks"),
                (self.metrics, "metric", "metrics"),
                (self.funding, "funding source", "funding sources"),
            )
            if count
        ]
        parts: list[str] = []
        if figures:
            verb = "carries" if len(figures) == 1 and figures[0].startswith("1 ") else "carry"
            parts.append(f"{in_a_list(figures)} still {verb} the template's illustrative figures")
        if self.goals:
            goals = format_count(self.goals, "plan goal")
            verb = "keeps" if self.goals == 1 else "keep"
            parts.append(
                f"{goals} {verb} its wording"
                if parts
                else f"{goals} still {verb} the template's wording"
            )
        if self.district:
            parts.append(f"the district is still named “{TEMPLATE_DISTRICT}”")
        if not parts:
            return ""
        if len(parts) > 2:
            said = ", ".join(parts[:-1]) + ", and " + parts[-1]
        else:
            said = " and ".join(parts)
        return said[0].upper() + said[1:] + "."


# The kinds of row the template fills with examples, in the order the steps come.
ROW_KINDS = ("goals", "items", "risks", "metrics", "funding")

_ROW_WORDS = {
    "goals": ("goal", "goals", "the template's wording"),
    "items": ("item", "items", "the template's illustrative figures"),
    "risks": ("risk", "risks", "the template's illustrative estimates"),
    "metrics": ("metric", "metrics", "the template's illustrative baseline and target"),
    "funding": ("funding source", "funding sources", "the template's illustrative amounts"),
}


def _row_words(count: int, kind: str, *, first: bool) -> str:
    """ "7 goals still have the template's wording"; after the first, without the verb ("20
    items the template's illustrative figures")."""
    one, many, what = _ROW_WORDS[kind]
    if not first:
        return f"{format_count(count, one, many)} {what}"
    return f"{format_count(count, one, many)} still {'has' if count == 1 else 'have'} {what}"


def template_placeholders(proposal: ProposalInput) -> TemplatePlaceholders:
    return TemplatePlaceholders(
        district=proposal.district.strip() == TEMPLATE_DISTRICT,
        goals=sum(1 for goal in proposal.goals if goal.template_placeholder),
        items=sum(1 for item in proposal.items if item.template_placeholder),
        risks=sum(1 for risk in proposal.risks if risk.template_placeholder),
        metrics=sum(1 for metric in proposal.metrics if metric.template_placeholder),
        funding=sum(1 for source in proposal.funding if source.template_placeholder),
    )

"""The fixed vocabularies of a proposal: initiative kinds, item categories, risk kinds and so on.

Pure Python, imported by every layer (models, finance, report, sheets, UI), so that a category
means the same thing in the database, the engine, the PDF and on screen. Each member's value is the
stable identifier stored in the database and in proposal files; ``label`` is what a director reads.
"""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    """A string enum whose members carry a plain-words label for screens and reports."""

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs in declaration order, for combo boxes and schema docs."""
        return [(member.value, member.label) for member in cls]


LabelledEnum = _Labelled  # the public name, for type hints elsewhere

# The students a blank proposal starts with, until the director enters the enrolment (the Basics
# step asks for it while it stands beside no other headcount).
BLANK_PROPOSAL_STUDENTS = 1000
# What a proposal started from the 1:1 template is called until the director names it.
TEMPLATE_PROPOSAL_NAME = "1:1 Device Initiative Infrastructure"
TEMPLATE_CURRENCY = "USD"  # what the template's prices are in
# The district a proposal started from the template is in until the director names their own.
TEMPLATE_DISTRICT = "Your District"


class InitiativeKind(_Labelled):
    ONE_TO_ONE = "one_to_one"
    BYOD = "byod"
    CONNECTED_LEARNING = "connected_learning"

    @property
    def in_a_sentence(self) -> str:
        """The label as it reads inside a sentence ("the infrastructure behind
        bring-your-own-device (BYOD)"): the label itself is capitalised for a list."""
        return "bring-your-own-device (BYOD)" if self is InitiativeKind.BYOD else self.label


class ProposalStatus(_Labelled):
    DRAFT = "draft"
    FINAL = "final"


class TcoClass(_Labelled):
    """The three cost families of K-12 total-cost-of-ownership frameworks."""

    CAPITAL = "capital"
    ADMINISTRATION_OPERATIONS = "administration_operations"
    END_USER_OPERATIONS = "end_user_operations"


class ItemCategory(_Labelled):
    BROADBAND = "broadband"
    NETWORK_INFRASTRUCTURE = "network_infrastructure"
    HARDWARE = "hardware"
    DEVICE_MANAGEMENT = "device_management"
    SECURITY = "security"
    INSURANCE = "insurance"
    TECHNICAL_SUPPORT = "technical_support"
    INSTRUCTIONAL_CONTENT = "instructional_content"
    PROFESSIONAL_LEARNING = "professional_learning"
    OTHER = "other"

    @property
    def tco_class(self) -> TcoClass:
        return _TCO_CLASS[self]

    @property
    def is_indirect(self) -> bool:
        """Support and professional learning: the costs districts most often leave out of a TCO."""
        return self in (ItemCategory.TECHNICAL_SUPPORT, ItemCategory.PROFESSIONAL_LEARNING)


class GoalLevel(_Labelled):
    DISTRICT_STRATEGIC = "district_strategic"
    BUILDING_TACTICAL = "building_tactical"
    CONTINUOUS_IMPROVEMENT = "continuous_improvement"


class RiskKind(_Labelled):
    FINANCIAL = "financial"
    SECURITY = "security"
    PUBLIC_RELATIONS = "public_relations"
    OPERATIONAL = "operational"


class MetricArea(_Labelled):
    BUSINESS_RESULTS = "business_results"
    STUDENT_RESULTS = "student_results"
    END_USER_PRODUCTIVITY = "end_user_productivity"
    DEPLOYMENT_SPEED = "deployment_speed"


class FundingKind(_Labelled):
    MAINTENANCE_OPERATIONS = "maintenance_operations"
    E_RATE = "e_rate"
    GRANT = "grant"
    BOND = "bond"
    TITLE_FUNDS = "title_funds"
    OTHER = "other"


class SizedBy(_Labelled):
    """What a typical item's quantity counts, so that it is sized to a district's own: the
    1:1 template says it of each of its items (a learning day per teacher, a licence for
    everyone, a core switch per building)."""

    STUDENTS = "students"
    TEACHERS = "teachers"
    STAFF = "staff"
    ALL_STAFF = "all_staff"
    EVERYONE = "everyone"
    BUILDINGS = "buildings"
    FIXED = "fixed"

    @property
    def headcounts(self) -> tuple[str, ...]:
        """The proposal's headcounts whose sum the quantity is in proportion to; none for a
        count the proposal does not keep (its buildings) or a quantity that stays as it is."""
        return _SIZED_BY_HEADCOUNTS[self]


_SIZED_BY_HEADCOUNTS: dict[SizedBy, tuple[str, ...]] = {
    SizedBy.STUDENTS: ("students",),
    SizedBy.TEACHERS: ("teachers",),
    SizedBy.STAFF: ("staff",),
    SizedBy.ALL_STAFF: ("teachers", "staff"),
    SizedBy.EVERYONE: ("students", "teachers", "staff"),
    SizedBy.BUILDINGS: (),
    SizedBy.FIXED: (),
}


_LABELS: dict[StrEnum, str] = {
    InitiativeKind.ONE_TO_ONE: "1:1 devices",
    InitiativeKind.BYOD: "Bring your own device (BYOD)",
    InitiativeKind.CONNECTED_LEARNING: "Connected Learning",
    ProposalStatus.DRAFT: "Draft",
    ProposalStatus.FINAL: "Final",
    TcoClass.CAPITAL: "Capital",
    TcoClass.ADMINISTRATION_OPERATIONS: "Administration and operations",
    TcoClass.END_USER_OPERATIONS: "End-user operations",
    ItemCategory.BROADBAND: "Broadband",
    ItemCategory.NETWORK_INFRASTRUCTURE: "Network infrastructure",
    ItemCategory.HARDWARE: "Hardware and devices",
    ItemCategory.DEVICE_MANAGEMENT: "Device management and accountability",
    ItemCategory.SECURITY: "Security",
    ItemCategory.INSURANCE: "Insurance and warranty",
    ItemCategory.TECHNICAL_SUPPORT: "Technical support",
    ItemCategory.INSTRUCTIONAL_CONTENT: "Instructional content",
    ItemCategory.PROFESSIONAL_LEARNING: "Professional learning",
    ItemCategory.OTHER: "Other",
    GoalLevel.DISTRICT_STRATEGIC: "District strategic plan",
    GoalLevel.BUILDING_TACTICAL: "Building tactical plan",
    GoalLevel.CONTINUOUS_IMPROVEMENT: "Continuous improvement",
    RiskKind.FINANCIAL: "Financial",
    RiskKind.SECURITY: "Security",
    RiskKind.PUBLIC_RELATIONS: "Public relations",
    RiskKind.OPERATIONAL: "Operational",
    MetricArea.BUSINESS_RESULTS: "Business results",
    MetricArea.STUDENT_RESULTS: "Student results",
    MetricArea.END_USER_PRODUCTIVITY: "End-user productivity",
    MetricArea.DEPLOYMENT_SPEED: "Speed and simplicity of deployment",
    FundingKind.MAINTENANCE_OPERATIONS: "Maintenance and operations budget",
    FundingKind.E_RATE: "E-Rate",
    FundingKind.GRANT: "Grant",
    FundingKind.BOND: "Bond",
    FundingKind.TITLE_FUNDS: "Title funds",
    FundingKind.OTHER: "Other",
    # As they read after "in proportion to".
    SizedBy.STUDENTS: "students",
    SizedBy.TEACHERS: "teachers",
    SizedBy.STAFF: "other staff",
    SizedBy.ALL_STAFF: "all staff",
    SizedBy.EVERYONE: "everyone",
    SizedBy.BUILDINGS: "buildings",
    SizedBy.FIXED: "nothing: it stays as it is",
}

_TCO_CLASS: dict[ItemCategory, TcoClass] = {
    ItemCategory.BROADBAND: TcoClass.CAPITAL,
    ItemCategory.NETWORK_INFRASTRUCTURE: TcoClass.CAPITAL,
    ItemCategory.HARDWARE: TcoClass.CAPITAL,
    ItemCategory.DEVICE_MANAGEMENT: TcoClass.ADMINISTRATION_OPERATIONS,
    ItemCategory.SECURITY: TcoClass.ADMINISTRATION_OPERATIONS,
    ItemCategory.INSURANCE: TcoClass.ADMINISTRATION_OPERATIONS,
    ItemCategory.TECHNICAL_SUPPORT: TcoClass.ADMINISTRATION_OPERATIONS,
    ItemCategory.INSTRUCTIONAL_CONTENT: TcoClass.END_USER_OPERATIONS,
    ItemCategory.PROFESSIONAL_LEARNING: TcoClass.END_USER_OPERATIONS,
    ItemCategory.OTHER: TcoClass.ADMINISTRATION_OPERATIONS,
}

"""The Pôle's own content, one module per topic."""

from pole_artois.institution.models.accessibility import (
    AccessibilityPlan,
    AccessibilityStatement,
    AccessibilityStatus,
)
from pole_artois.institution.models.acts import (
    Deliberation,
    DeliberationChange,
    DeliberationState,
    MinutesCorrection,
    Outcome,
    Seance,
)
from pole_artois.institution.models.agenda import Event
from pole_artois.institution.models.contact import ContactMessage
from pole_artois.institution.models.governance import (
    ComiteSyndical,
    Mandate,
    Person,
    Role,
    StaffPosition,
)
from pole_artois.institution.models.history import DatePrecision, HistoryEvent
from pole_artois.institution.models.identity import PoleIdentity
from pole_artois.institution.models.news import Article
from pole_artois.institution.models.pages import Page

__all__ = [
    "AccessibilityPlan",
    "AccessibilityStatement",
    "AccessibilityStatus",
    "Article",
    "ComiteSyndical",
    "ContactMessage",
    "DatePrecision",
    "Deliberation",
    "DeliberationChange",
    "DeliberationState",
    "Event",
    "HistoryEvent",
    "Mandate",
    "MinutesCorrection",
    "Outcome",
    "Page",
    "Person",
    "PoleIdentity",
    "Role",
    "Seance",
    "StaffPosition",
]

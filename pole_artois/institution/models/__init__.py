"""The Pôle's own content, one module per topic."""

from pole_artois.institution.models.contact import ContactMessage
from pole_artois.institution.models.governance import (
    ComiteSyndical,
    Mandate,
    Person,
    Role,
    StaffPosition,
)
from pole_artois.institution.models.history import DatePrecision, HistoryEvent
from pole_artois.institution.models.identity import AccessibilityStatus, PoleIdentity

__all__ = [
    "AccessibilityStatus",
    "ComiteSyndical",
    "ContactMessage",
    "DatePrecision",
    "HistoryEvent",
    "Mandate",
    "Person",
    "PoleIdentity",
    "Role",
    "StaffPosition",
]

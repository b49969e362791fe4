"""The only ways an official act changes once it is online (README: "Official acts: the services").

French law makes the website the official publication of the comité syndical's acts, so:

- `publish_deliberation` puts a délibération online (it needs its PDF and a published séance);
  its *online since* date is stamped then, once.
- From then on, everything the public reads of it changes only through `correct_deliberation`
  (a new PDF and/or new values of `Deliberation.CORRECTABLE_FIELDS`) or `withdraw_deliberation`.
  Each records a DeliberationChange with its date and reason and what it replaced, shown on the
  act's page; a mistake in a correction is fixed by a further correction.
- `correct_minutes` replaces the online minutes of a séance, keeping the previous ones.

The admin and the tests call these functions. The database refuses every other way (migration
0007_official_acts_frozen), `QuerySet.update()` and deletions included.
"""

from django.db import transaction
from django.utils import timezone

from pole_artois.core.documents import pdfa_declaration, sha256_of
from pole_artois.core.publication import PublicationStatus
from pole_artois.institution.models import (
    Deliberation,
    DeliberationChange,
    DeliberationState,
    MinutesCorrection,
)


def publish_deliberation(deliberation):
    """Put a draft online, once it has its full text and its séance is published."""
    deliberation.status = PublicationStatus.PUBLISHED
    deliberation.full_clean()
    deliberation.save()
    return deliberation


@transaction.atomic
def correct_deliberation(
    deliberation, *, reason_fr, reason_en="", decided_on=None, document=None, **values
):
    """Record a correction of an online délibération: a new text (`document`, a PDF) and/or new
    `values` of its public fields. The previous text and values stay on the correction."""
    if unknown := set(values) - set(Deliberation.CORRECTABLE_FIELDS):
        raise TypeError(f"These fields are not corrected this way: {', '.join(sorted(unknown))}")
    stored = _locked(deliberation)
    change = DeliberationChange(
        deliberation=stored,
        kind=DeliberationChange.Kind.CORRECTION,
        decided_on=decided_on or timezone.localdate(),
        reason_fr=reason_fr,
        reason_en=reason_en,
        document=document or "",
        replaced_values=stored.replaced_by(values),
    )
    for name in change.replaced_values:
        setattr(stored, name, values[name])
    if document:
        change.replaced_document = stored.document.name
        change.replaced_document_sha256 = _digest(stored, "document")
    _record(change, stored)
    if document:
        stored.document = change.document.name
        stored.document_size = change.document.size
        stored.document_sha256 = change.document_sha256
        stored.document_pdfa = pdfa_declaration(change.document)
    stored.state = DeliberationState.CORRECTED
    stored.save()
    deliberation.refresh_from_db()
    return change


@transaction.atomic
def withdraw_deliberation(deliberation, *, reason_fr, reason_en="", decided_on=None):
    """Withdraw an online délibération: it stays in the register, marked withdrawn, with why."""
    stored = _locked(deliberation)
    change = DeliberationChange(
        deliberation=stored,
        kind=DeliberationChange.Kind.WITHDRAWAL,
        decided_on=decided_on or timezone.localdate(),
        reason_fr=reason_fr,
        reason_en=reason_en,
    )
    _record(change)
    stored.state = DeliberationState.WITHDRAWN
    stored.save(update_fields=["state", "updated_at"])
    deliberation.refresh_from_db()
    return change


@transaction.atomic
def correct_minutes(seance, *, reason_fr, reason_en="", document, decided_on=None):
    """Replace the online minutes of a séance; the previous ones stay on the correction."""
    stored = _locked(seance)
    correction = MinutesCorrection(
        seance=stored,
        decided_on=decided_on or timezone.localdate(),
        reason_fr=reason_fr,
        reason_en=reason_en,
        document=document,
        replaced_document=stored.minutes.name,
        replaced_document_sha256=_digest(stored, "minutes"),
    )
    _record(correction)
    stored.minutes = correction.document.name
    stored.minutes_size = correction.document.size
    stored.minutes_sha256 = correction.document_sha256
    stored.save(update_fields=["minutes", "minutes_size", "minutes_sha256", "updated_at"])
    seance.refresh_from_db()
    return correction


def _locked(act):
    """The act as stored, locked until the end of the transaction: two corrections recorded at
    once apply one after the other, each to what the other left."""
    return type(act).objects.select_for_update().get(pk=act.pk)


def _digest(act, name):
    """The SHA-256 of the file being replaced: as noted when it was stored, or read now for a
    file stored before digests were kept."""
    file = getattr(act, name)
    if not file:
        return ""
    return getattr(act, f"{name}_sha256") or sha256_of(file)


def _record(correction, corrected=None):
    """Validate everything before writing anything, then write the trace (which lets the
    database accept the change of the act that follows it)."""
    correction.full_clean()
    if corrected is not None:
        corrected.full_clean()
    correction.save()

"""Documents for download: PDF only, recognised by their content, with their size shown.

- `PdfField` stores a PDF (checked by content, not by name) of at most `MAX_PDF_BYTES`, under a
  slugified name ending in `.pdf`.
- `validate_readable_pdf` (for official acts) also has pikepdf open the file, and
  `pdfa_declaration` reads the PDF/A conformance the file declares; `remember_digest` keeps the
  SHA-256 of a stored file on its row.
- `Document` is an abstract model (title, PDF file, date, size) for lists of downloads; show one
  with `{% document_link document %}` of the `content` tag library.
"""

import hashlib

import pikepdf
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pole_artois.core.uploads import DeletesReplacedFile, SafeUploadTo

MAX_PDF_BYTES = 20 * 1024 * 1024
PDF_SIGNATURE = b"%PDF-"
PDF_END = b"%%EOF"
# Writers may add a little garbage after the end marker; readers look for it in the last kilobyte.
END_WINDOW = 1024


def validate_pdf(value):
    """Refuse anything but a complete PDF file within the size limit.

    The file must start with the PDF signature and carry the end-of-file marker near its end: a
    renamed text file or image, or a PDF cut short during the upload, is refused.
    """
    if isinstance(value, FieldFile) and value._committed:
        return  # Already stored, hence validated when it was uploaded.
    if value.size > MAX_PDF_BYTES:
        raise ValidationError(
            _("This file weighs %(size)s; a document may weigh at most %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(value.size), "limit": filesizeformat(MAX_PDF_BYTES)},
        )
    source = value.file if isinstance(value, FieldFile) else value
    try:
        source.seek(0)
        start = source.read(len(PDF_SIGNATURE))
        source.seek(max(0, value.size - END_WINDOW))
        end = source.read(END_WINDOW)
    finally:
        source.seek(0)
    if start != PDF_SIGNATURE or PDF_END not in end:
        raise ValidationError(
            _("This file is not a PDF document, or it is incomplete. Upload a PDF file."),
            code="not_a_pdf",
        )


def _opened(value):
    source = value.file if isinstance(value, FieldFile) else value
    source.seek(0)
    try:
        return pikepdf.open(source)
    finally:
        source.seek(0)


def validate_readable_pdf(value):
    """Refuse a file that a PDF reader cannot open, or only with a password: an official act
    must open for everyone, as it was signed."""
    if isinstance(value, FieldFile) and value._committed:
        return
    try:
        with _opened(value):
            pass
    except pikepdf.PasswordError:
        raise ValidationError(
            _("This PDF is protected by a password: upload a version anyone can open."),
            code="pdf_password",
        ) from None
    except pikepdf.PdfError:
        raise ValidationError(
            _("This file cannot be opened as a PDF document: it is damaged or not a PDF."),
            code="pdf_unreadable",
        ) from None


def pdfa_declaration(file):
    """The PDF/A conformance the file declares in its metadata ("2B", "1A"…), "" when none.
    Declared, not verified: checking conformance takes a validator such as veraPDF."""
    try:
        with _opened(file) as document:
            return document.open_metadata().pdfa_status
    except pikepdf.PdfError:
        return ""


def sha256_of(file):
    """The SHA-256 of a file field's content, read in chunks (a stored file is closed again);
    "" for a stored file the storage no longer has (a database copied without its files)."""
    digest = hashlib.sha256()
    stored = file._committed
    try:
        file.open("rb")
    except OSError:
        if not stored:
            raise
        return ""
    try:
        for chunk in file.chunks():
            digest.update(chunk)
    finally:
        if stored:
            file.close()
        else:
            file.seek(0)
    return digest.hexdigest()


def remember_digest(instance, name, save_kwargs, *, pdfa=None):
    """Note the SHA-256 of the file in field `name` on the row (field `<name>_sha256`) when the
    file is new or was never hashed, so that anyone can check that the file they downloaded is
    the one published; with `pdfa`, the field also noting its PDF/A declaration."""
    file = getattr(instance, name)
    digest_field = f"{name}_sha256"
    if not file:
        return
    if file._committed and getattr(instance, digest_field):
        return
    if not (digest := sha256_of(file)):
        return
    setattr(instance, digest_field, digest)
    written = {digest_field}
    if pdfa:
        setattr(instance, pdfa, pdfa_declaration(file))
        written.add(pdfa)
    if update_fields := save_kwargs.get("update_fields"):
        save_kwargs["update_fields"] = {*update_fields, *written}


class PdfFormField(forms.FileField):
    default_validators = [validate_pdf]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = "application/pdf,.pdf"
        return attrs


class PdfField(DeletesReplacedFile, models.FileField):
    """A PDF file, stored as `<upload_to>/<year>/<slugified-name>.pdf`.

    A replaced PDF stays in the storage unless `delete_replaced=True` (as `Document` does): the
    files of official acts are their legal history. (Not part of `deconstruct()`: it changes no
    column, and migrations have no business deleting files.)
    """

    default_validators = [validate_pdf]

    def __init__(self, *args, upload_to=None, delete_replaced=False, **kwargs):
        self.delete_replaced = delete_replaced
        kwargs.setdefault("max_length", 255)
        super().__init__(
            *args, upload_to=upload_to or SafeUploadTo("documents", extension="pdf"), **kwargs
        )

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PdfFormField, **kwargs})


class Document(models.Model):
    """A PDF for download, with what a reader wants to know before opening it.

    Subclasses add their link (e.g. `objective = ForeignKey(...)`), may redefine `file` with
    their own folder (`file = PdfField(_("PDF file"), upload_to=SafeUploadTo("chantiers",
    extension="pdf"), delete_replaced=True)`) and register `title` in their translation options.
    A replaced or deleted document's file is deleted.
    """

    title = models.CharField(_("title"), max_length=250)
    file = PdfField(_("PDF file"), help_text=_("PDF only, at most 20 MB."), delete_replaced=True)
    date = models.DateField(
        _("date"), default=timezone.localdate, help_text=_("The document's own date.")
    )
    # Kept on the row so that a list of documents shows sizes without asking the storage.
    file_size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)

    class Meta:
        abstract = True
        ordering = ["-date", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        remember_size(self, "file", kwargs)
        super().save(*args, **kwargs)


def remember_size(instance, name, save_kwargs):
    """Note the size of the file in field `name` on the row (field `<name>_size`) when it is new
    or was never measured: lists show sizes without asking the storage. For `save()`, whose
    `save_kwargs` it completes."""
    file = getattr(instance, name)
    size_field = f"{name}_size"
    if file and (not file._committed or not getattr(instance, size_field)):
        setattr(instance, size_field, file.size)
        if update_fields := save_kwargs.get("update_fields"):
            save_kwargs["update_fields"] = {*update_fields, size_field}

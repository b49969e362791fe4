"""Documents for download: PDF only, recognised by their content, with their size shown.

- `PdfField` stores a PDF (checked by content, not by name) of at most `MAX_PDF_BYTES`, under a
  slugified name ending in `.pdf`.
- `Document` is an abstract model (title, PDF file, date, size) for lists of downloads; show one
  with `{% document_link document %}` of the `content` tag library.
"""

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
        if self.file and (not self.file._committed or not self.file_size):
            self.file_size = self.file.size
            if update_fields := kwargs.get("update_fields"):
                kwargs["update_fields"] = {*update_fields, "file_size"}
        super().save(*args, **kwargs)

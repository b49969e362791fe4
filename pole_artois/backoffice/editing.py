"""What the staff type or choose on an admin form is never lost, nor cut without a word.

- `PoleModelForm`, the form of every PoleModelAdmin and its inlines, keeps the files chosen on a
  form that comes back with an error (kept_uploads) and uses them on the next submission.
- Overlong text is refused with the limit and the count, never cut: see `core.forms`.
"""

from functools import partial

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pole_artois.backoffice import kept_uploads


class PoleModelForm(forms.ModelForm):
    """A model form whose chosen files survive an error elsewhere on the page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.restored_uploads = []
        self.lost_uploads = []
        if self.is_bound:
            self._restore_kept_uploads()

    def _file_fields(self):
        return [name for name, field in self.fields.items() if isinstance(field, forms.FileField)]

    def _restore_kept_uploads(self):
        for name in self._file_fields():
            html_name = self.add_prefix(name)
            token = self.data.get(kept_uploads.token_field(html_name))
            if not token or self.files.get(html_name):
                continue  # Nothing kept, or another file chosen in its place.
            upload = kept_uploads.restore(token)
            if upload is None:
                self.lost_uploads.append(name)
                continue
            self.files = self.files.copy()  # The request's files are shared by every form.
            self.files[html_name] = upload
            self.restored_uploads.append(upload)

    def has_changed(self):
        # A lost file is a change: an inline row holding only that file must say it is lost.
        return bool(self.lost_uploads) or super().has_changed()

    def full_clean(self):
        super().full_clean()
        for name in self.lost_uploads:
            self._errors.pop(name, None)
            self.add_error(
                name,
                _("The file chosen before could not be kept this time: choose it again."),
            )

    def keep_uploads(self):
        """Keep the files chosen on this form that passed their checks: the page is shown again."""
        if not self.is_bound:
            return
        for name in self._file_fields():
            upload = self.files.get(self.add_prefix(name))
            if isinstance(upload, UploadedFile) and name not in self.errors:
                self.fields[name].widget.kept = kept_uploads.keep(upload)

    def discard_kept_uploads(self):
        """The form is saved: its kept files served their purpose."""
        for upload in self.restored_uploads:
            transaction.on_commit(partial(kept_uploads.discard, upload))

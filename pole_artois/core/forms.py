"""Text longer than its field is refused with the limit and the count, never cut silently.

With a `maxlength` attribute, a browser cuts a long paste to the limit without a word and the
cut text is saved. Without it, the whole text reaches the form, which refuses it, saying the
limit and the count, and shows it again for the writer to shorten. The admin's forms and the
public forms both use this.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.translation import ngettext_lazy


class MaxLengthWithCount(MaxLengthValidator):
    message = ngettext_lazy(
        "This field must not exceed %(limit)s character (it has %(count)s).",
        "This field must not exceed %(limit)s characters (it has %(count)s).",
        "limit_value",
    )

    def __call__(self, value):
        count = len(value)
        if count > self.limit_value:
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "limit_value": self.limit_value,
                    "limit": number_format(self.limit_value, force_grouping=True),
                    "count": number_format(count, force_grouping=True),
                },
            )


def refuse_overlong_text(formfield):
    """Let `formfield` receive text longer than its limit, to refuse it rather than lose it."""
    if getattr(formfield, "max_length", None) is None:
        return
    formfield.validators = [
        MaxLengthWithCount(validator.limit_value)
        if type(validator) is MaxLengthValidator
        else validator
        for validator in formfield.validators
    ]
    widget = formfield.widget
    while widget is not None:  # modeltranslation may wrap the input in another widget
        widget.attrs.pop("maxlength", None)
        widget = getattr(widget, "widget", None)


class LengthCheckedForm(forms.BaseForm):
    """A public form whose every text field refuses overlong text instead of cutting it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            refuse_overlong_text(field)

from django import forms
from django.utils.translation import gettext_lazy as _


class FollowForm(forms.Form):
    """The address, and nothing else: what to follow is in the page's address."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("For example: name@example.fr."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self):
        # One address, one follower: "Name@Example.fr" and "name@example.fr" are the same box.
        return self.cleaned_data["email"].strip().lower()

"""Every content model's pages share one explicit base: history, publication right, ordering."""

from django.contrib import admin

from pole_artois.backoffice.editing import PoleModelForm
from pole_artois.backoffice.history import WITHOUT_HISTORY
from pole_artois.backoffice.options import PoleInlineMixin, PoleModelAdmin
from pole_artois.backoffice.roles import content_models


def test_every_content_model_admin_and_its_inlines_build_on_the_poles_bases():
    content = {model._meta.label_lower for model in content_models()} - WITHOUT_HISTORY
    registered = {
        model._meta.label_lower: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.label_lower in content
    }
    assert registered
    for label, model_admin in registered.items():
        assert isinstance(model_admin, PoleModelAdmin), label
        # Its form keeps chosen files across an error (a custom form must build on it).
        assert issubclass(model_admin.form, PoleModelForm), label
        for inline in model_admin.inlines:
            assert issubclass(inline, PoleInlineMixin), inline
            assert issubclass(inline.form, PoleModelForm), inline

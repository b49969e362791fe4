from django.contrib.admin.widgets import AdminFileWidget

from pole_artois.backoffice.kept_uploads import token_field


class KeptFileWidget(AdminFileWidget):
    """The admin's file input, which also shows the file kept from a submission that came back
    with an error (see kept_uploads), to be saved unless another one is chosen."""

    template_name = "backoffice/widgets/file.html"
    kept = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(kept=self.kept, kept_field=token_field(name))
        return context

    def use_required_attribute(self, initial):
        # A kept file stands for a chosen one: the browser must not ask for a file again.
        return self.kept is None and super().use_required_attribute(initial)


class ImagePreviewWidget(KeptFileWidget):
    """The admin's file input for images, showing the current image rather than only its name."""

    template_name = "backoffice/widgets/image_preview.html"

    class Media:
        css = {"all": ["backoffice/admin.css"]}

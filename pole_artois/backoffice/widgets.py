from django.contrib.admin.widgets import AdminFileWidget


class ImagePreviewWidget(AdminFileWidget):
    """The admin's file input for images, showing the current image rather than only its name."""

    template_name = "backoffice/widgets/image_preview.html"

    class Media:
        css = {"all": ["backoffice/admin.css"]}

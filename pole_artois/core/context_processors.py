from django.conf import settings


def site(request):
    """Values every page's layout needs (language switcher alternates are built in the template)."""
    return {"languages": settings.LANGUAGES}

"""Root URLconf: French at the root, English under /en/ (the language comes from the prefix)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from pole_artois.core.media import serve_media
from pole_artois.portal import views as portal_views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("pole_artois.discovery.root_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("pole_artois.portal.urls")),
    path("territoire/", include("territoire.urls")),
    path("chantiers/", include("chantiers.urls")),
    path("partenaires/", include("partenaires.urls")),
    path("suivre/", include("pole_artois.following.urls")),
    path("", include("pole_artois.institution.urls")),
    path("", include("pole_artois.discovery.urls")),
    path("gestion/", admin.site.urls),
    prefix_default_language=False,
)

# Uploads are served with a strict type, never as HTML (core/media.py), in every setting.
urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media")]

handler404 = portal_views.page_not_found
handler500 = portal_views.server_error

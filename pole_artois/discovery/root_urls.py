"""Language-neutral addresses at the site's root: robots.txt, sitemap.xml and the data files.

The data files keep one address whatever the visitor's language, so that reusers can rely on it.
"""

from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from pole_artois.discovery import views
from pole_artois.discovery.sitemaps import SITEMAPS


class FileExtensionConverter:
    regex = "|".join(views.FORMATS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FileExtensionConverter, "data_format")

app_name = "root"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Before the datasets' files: "catalogue" is never a dataset's slug.
    path("donnees/catalogue.jsonld", views.catalogue_file, {"extension": "jsonld"}, name="dcat"),
    path("donnees/catalogue.ttl", views.catalogue_file, {"extension": "ttl"}, name="dcat-turtle"),
    path(
        "donnees/catalogue.csv", views.catalogue_file, {"extension": "csv"}, name="scdl-catalogue"
    ),
    path("donnees/<slug:slug>.<data_format:extension>", views.download, name="download"),
]

from django.urls import path, re_path

from pole_artois.discovery import feeds, views
from territoire.urls import InseeCodeConverter

# Under the commune's own addresses (territoire/urls.py), which cannot name this app's views.
COMMUNE = rf"^territoire/communes/(?P<insee_code>{InseeCodeConverter.regex})/"

app_name = "discovery"

urlpatterns = [
    path("recherche/", views.SearchView.as_view(), name="search"),
    path("donnees/", views.OpenDataView.as_view(), name="opendata"),
    path("plan-du-site/", views.SiteMapView.as_view(), name="site-map"),
    re_path(
        COMMUNE + r"le-pole-ici/$", views.CommuneConcernsView.as_view(), name="commune-concerns"
    ),
    re_path(COMMUNE + r"flux/$", feeds.CommuneFeed(), name="commune-feed"),
]

from django.urls import path

from pole_artois.discovery import views

app_name = "discovery"

urlpatterns = [
    path("recherche/", views.SearchView.as_view(), name="search"),
    path("donnees/", views.OpenDataView.as_view(), name="opendata"),
    path("plan-du-site/", views.SiteMapView.as_view(), name="site-map"),
]

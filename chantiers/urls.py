from django.urls import path

from chantiers import feeds, views

app_name = "chantiers"

urlpatterns = [
    path("", views.ChantierListView.as_view(), name="index"),
    path("flux/", feeds.ObjectiveUpdatesFeed(), name="feed"),
    path("suivi/", views.TrackingView.as_view(), name="tracking"),
    path("suivi/flux/", feeds.TrackingFeed(), name="tracking-feed"),
    path("<slug:slug>/", views.ChantierDetailView.as_view(), name="chantier"),
    path("<slug:slug>/flux/", feeds.ChantierTrackingFeed(), name="chantier-feed"),
    path(
        "<slug:chantier>/objectifs/<int:pk>-<slug:slug>/",
        views.ObjectiveDetailView.as_view(),
        name="objective",
    ),
    path(
        "<slug:chantier>/objectifs/<int:pk>/flux/",
        feeds.ObjectiveFeed(),
        name="objective-feed",
    ),
    path(
        "<slug:chantier>/objectifs/<int:pk>/",
        views.ObjectiveDetailView.as_view(),
        name="objective-by-number",
    ),
]

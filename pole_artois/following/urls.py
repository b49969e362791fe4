from django.urls import path

from pole_artois.following import views

app_name = "following"

urlpatterns = [
    path("", views.FollowView.as_view(), name="follow"),
    path("demande-envoyee/", views.RequestedView.as_view(), name="requested"),
    path("confirmer/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("desabonnement/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]

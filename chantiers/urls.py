app_name = "chantiers"

urlpatterns = []

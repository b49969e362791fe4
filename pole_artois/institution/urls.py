app_name = "institution"

urlpatterns = []

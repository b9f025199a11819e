from django.urls import path
from rest_framework_simplejwt.views import TokenRefreshView

from legacyapp.views import LoginView

urlpatterns = [
    path("api/token/", LoginView.as_view()),
    path("api/token/refresh/", TokenRefreshView.as_view()),
]

from django.urls import path
from rest_framework_simplejwt.views import TokenRefreshView

from legacyapp import jb_views
from legacyapp.views import LoginView

urlpatterns = [
    path("api/token/", LoginView.as_view()),
    path("api/token/refresh/", TokenRefreshView.as_view()),
    # jb-drf-auth's routes, under its usual prefix.
    path("auth/login/basic/", jb_views.LoginBasicView.as_view()),
    path("auth/token/refresh/", TokenRefreshView.as_view()),
    path("auth/me/", jb_views.MeView.as_view()),
    path("auth/account/update/", jb_views.AccountUpdateView.as_view()),
    path("auth/password-reset/change/", jb_views.PasswordChangeView.as_view()),
    path("auth/password-reset/request/", jb_views.PasswordResetRequestView.as_view()),
    path("auth/password-reset/confirm/", jb_views.PasswordResetConfirmView.as_view()),
]

# The routes of jb-drf-auth (jb_drf_auth/urls.py) a client of the cut-over by cohort's walk uses,
# with its bodies, answers and refusals: login/basic/, token/refresh/ (simplejwt's view), me/,
# account/update/, password-reset/change/, and password-reset/request/ and confirm/ (Django's token
# generator, its link mailed through Django's mail: the walk reads it with walk.py's "mail"). Served over HTTP by walk.py's "http" command, behind
# the Gatehouse host's forwarding (DjangoCohortWalkTest in examples).
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.contrib.auth.models import update_last_login
from django.db.models import Q
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.tokens import RefreshToken

# jb-drf-auth's one answer for every refused password login, whatever the reason.
INVALID = {"detail": "Credenciales invalidas."}


def tokens_for(user):
    refresh = RefreshToken.for_user(user)
    refresh["profile_id"] = user.get_default_profile().id
    return {"refreshToken": str(refresh), "accessToken": str(refresh.access_token)}


def profile_of(profile):
    return {
        "id": profile.id,
        "first_name": profile.first_name,
        "is_default": profile.is_default,
        "role": profile.role,
        "label": profile.label,
    }


def web_answer(user, tokens=None):
    profile = user.get_default_profile()
    body = {
        "user": {
            "data": {"email": user.email, "username": user.username},
            "role": "admin",
            "status": "active",
        },
        "active_profile": profile_of(profile) if profile else None,
    }
    if tokens is not None:
        body["tokens"] = tokens
    return body


class LoginBasicView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def post(self, request):
        login = request.data.get("login")
        password = request.data.get("password")
        if not login or not password:
            return Response({"login": ["This field is required."]}, status=400)
        User = get_user_model()
        user = User.objects.filter(Q(email__iexact=login) | Q(username=login)).first()
        if user is None:
            # As Django's ModelBackend: the hasher runs for an unknown login too.
            User().set_password(password)
            return Response(INVALID, status=401)
        if (
            not user.check_password(password)
            or not user.is_active
            or user.deleted is not None
            or not user.is_verified
        ):
            return Response(INVALID, status=401)
        update_last_login(None, user)
        return Response(web_answer(user, tokens_for(user)))


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response(web_answer(request.user))


class AccountUpdateView(APIView):
    permission_classes = [IsAuthenticated]

    def patch(self, request):
        user = request.user
        if "username" in request.data:
            user.username = request.data["username"]
        user.save()
        return Response(
            {"id": user.id, "email": user.email, "username": user.username, "phone": user.phone}
        )


class PasswordChangeView(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request):
        user = request.user
        if request.data.get("new_password") != request.data.get("new_password_confirm"):
            return Response({"non_field_errors": ["Las contrasenas no coinciden."]}, status=400)
        if not user.check_password(request.data.get("old_password") or ""):
            return Response({"old_password": ["Contrasena actual incorrecta."]}, status=400)
        user.set_password(request.data["new_password"])
        user.save()
        return Response({"detail": "Contrasena actualizada con exito."})


class PasswordResetRequestView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def post(self, request):
        user = get_user_model().objects.filter(email__iexact=request.data.get("email") or "").first()
        if user is not None:
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            send_mail(
                "Restablecer contrasena",
                "https://app.example.test/reset?uid=%s&token=%s" % (uid, token),
                "legacy@example.test",
                [user.email],
            )
        return Response(
            {"detail": "Si el correo existe, se ha enviado un enlace de restablecimiento.",
             "email_sent": True}
        )


class PasswordResetConfirmView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def post(self, request):
        if request.data.get("new_password") != request.data.get("new_password_confirm"):
            return Response({"non_field_errors": ["Las contrasenas no coinciden."]}, status=400)
        try:
            pk = force_str(urlsafe_base64_decode(request.data.get("uid") or ""))
            user = get_user_model().objects.get(pk=pk)
        except (TypeError, ValueError, OverflowError, get_user_model().DoesNotExist):
            user = None
        if user is None or not default_token_generator.check_token(user, request.data.get("token")):
            return Response(["Token invalido o expirado."], status=400)
        user.set_password(request.data["new_password"])
        user.save()
        return Response({"detail": "Contrasena restablecida con exito."})

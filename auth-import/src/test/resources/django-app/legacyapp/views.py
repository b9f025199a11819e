# The login as jb-drf-auth's (services/login.py, services/tokens.py): authenticate, then put the
# user's default profile into the tokens. A user without a default profile makes it fail with a
# server error, which is what a jb-drf-auth project answers such a user.
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer
from rest_framework_simplejwt.views import TokenObtainPairView


class ProfileTokenSerializer(TokenObtainPairSerializer):
    @classmethod
    def get_token(cls, user):
        token = super().get_token(user)
        profile = user.get_default_profile()
        token["profile_id"] = profile.id  # AttributeError (500) without a default profile
        return token


class LoginView(TokenObtainPairView):
    serializer_class = ProfileTokenSerializer

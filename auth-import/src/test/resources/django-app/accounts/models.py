# The user and profile models of a jb-drf-auth project, reduced to what signing in uses
# (jb_drf_auth/models/base.py: AbstractJbUser, AbstractJbProfile): a unique email, a unique
# phone, is_verified, timestamps and soft deletion, and many profiles per user of which the
# default one goes into the tokens.
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    deleted = models.DateTimeField(null=True, blank=True)
    deleted_by_cascade = models.BooleanField(default=False)
    email = models.EmailField("email address", unique=True)
    phone = models.CharField(max_length=20, unique=True, blank=True, null=True)
    is_verified = models.BooleanField("verified", default=False)
    settings = models.JSONField(default=dict, blank=True)

    def get_default_profile(self):
        # As jb-drf-auth's: None when the user has no default profile (its soft-delete manager
        # leaves deleted profiles out).
        return self.profiles.filter(is_default=True, deleted=None).first()


class Profile(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    deleted = models.DateTimeField(null=True, blank=True)
    deleted_by_cascade = models.BooleanField(default=False)
    first_name = models.CharField(max_length=100, blank=True, null=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="profiles")
    is_default = models.BooleanField(default=False)
    role = models.CharField(max_length=30, default="USER")
    settings = models.JSONField(default=dict, blank=True)
    label = models.CharField(max_length=80, blank=True)
    is_active = models.BooleanField(default=True)

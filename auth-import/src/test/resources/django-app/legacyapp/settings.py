# The legacy application of the cut-over walk (DjangoCutOverWalkTest): Django 3.2 with
# djangorestframework and simplejwt, as a jb-drf-auth project uses them, on PostgreSQL, with a
# jb-drf-auth style user model and profiles (accounts/) and a login that needs the default profile.
# The database comes from the environment the test sets.
import os

SECRET_KEY = os.environ["LEGACY_SECRET_KEY"]
DEBUG = False
# testserver for the test client; loopback for the HTTP server (walk.py http), whose requests
# keep the Host the client gave the Gatehouse host.
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
USE_TZ = True
TIME_ZONE = "UTC"
ROOT_URLCONF = "legacyapp.urls"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
# The mails it sends stay in the process (django.core.mail.outbox): walk.py's "mail" reads them.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "accounts",
]

AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ["LEGACY_DB_HOST"],
        "PORT": os.environ["LEGACY_DB_PORT"],
        "NAME": os.environ["LEGACY_DB_NAME"],
        "USER": os.environ["LEGACY_DB_USER"],
        "PASSWORD": os.environ.get("LEGACY_DB_PASSWORD", ""),
        "OPTIONS": {"options": "-c search_path=" + os.environ["LEGACY_DB_SCHEMA"]},
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
    ],
}

SIMPLE_JWT = {
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
}

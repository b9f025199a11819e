# Makes a Django database with users in groups, as Django 3.2 itself writes them (Debian's
# python3-django): auth_user, auth_group and auth_user_groups, for the import of organisations from
# Django's groups. Run as: /usr/bin/python3 make.py <path of the SQLite file to create>
import json
import os
import sys

import django
from django.conf import settings

path = sys.argv[1]
if os.path.exists(path):
    os.remove(path)
settings.configure(
    SECRET_KEY="django-insecure-gr0ups-f0r-gatehouse-tests",
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": path}},
    USE_TZ=True,
)
django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0)
admin = User.objects.create_superuser("admin", "admin@acme.example", "admin-password-1")
alice = User.objects.create_user("alice", "alice@acme.example", "alice-password-1")
bob = User.objects.create_user("bob", "Bob@Acme.example", "bob-password-1")
nomail = User.objects.create_user("nomail", "", "nomail-password-1")
sales = Group.objects.create(name="Sales team")
cafe = Group.objects.create(name="Équipe Café")
empty = Group.objects.create(name="Nobody yet")
alice.groups.add(sales, cafe)
bob.groups.add(sales)
nomail.groups.add(cafe)
print(json.dumps({g.name: g.id for g in (sales, cafe, empty)}))

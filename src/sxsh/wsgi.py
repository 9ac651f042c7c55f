import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sxsh.settings.dev")
application = get_wsgi_application()

if os.environ["DJANGO_SETTINGS_MODULE"].endswith(".production"):
    from sxsh.core.checks import demo_accounts_present

    if demo_accounts_present():
        raise RuntimeError("Refusing to start: demo accounts with the demo password exist.")

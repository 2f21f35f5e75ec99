import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# After setup, before the first request: with DEBUG off a wrong configuration stops gunicorn
# here (core/checks.py) instead of serving.
from core.checks import refuse_to_start_when_misconfigured  # noqa: E402

refuse_to_start_when_misconfigured("web")

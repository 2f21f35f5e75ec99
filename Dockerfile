# One image for web, worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

# pango for WeasyPrint, a CJK font so certificates print Chinese names, gettext for the
# translation catalogue.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY . .

RUN DEBUG=0 SECRET_KEY=build-only-collectstatic FIELD_ENCRYPTION_KEYS=build:unused FIELD_LOOKUP_HMAC_KEY=unused python manage.py compilemessages --ignore=.venv -v0 \
    && DEBUG=0 SECRET_KEY=build-only-collectstatic FIELD_ENCRYPTION_KEYS=build:unused FIELD_LOOKUP_HMAC_KEY=unused python manage.py collectstatic --no-input -v0 \
    && DEBUG=0 SECRET_KEY=build-only-collectstatic FIELD_ENCRYPTION_KEYS=build:unused FIELD_LOOKUP_HMAC_KEY=unused python manage.py prepare_certificate_font \
    && useradd --system --home /app zhicheng \
    && mkdir -p /app/var/media \
    && chown -R zhicheng /app/var

USER zhicheng
EXPOSE 8000
# Workers, threads and timeouts come from GUNICORN_* (config/gunicorn.conf.py).
CMD ["gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi:application"]

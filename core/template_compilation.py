"""Every template of the product compiled ahead of its first request."""

from pathlib import Path

from django.template import engines


def compile_product_templates() -> None:
    """Compile each template in the product's template folders into the engine's cache (Django's
    cached loader). Run in gunicorn's master before it forks, so that no worker, at start or
    replacing one after max_requests, compiles them again while its first requests wait."""
    engine = engines["django"]
    for folder in map(Path, engine.engine.dirs):
        for path in sorted(folder.rglob("*.html")):
            engine.get_template(path.relative_to(folder).as_posix())

"""Timestamps read from PostgreSQL by psycopg's compiled parser.

Django reads every timestamptz value through psycopg's pure-Python loader (a regular
expression per value), subclassed so that it can put its own time zone on the result; a list
page reads several hundred such values, a declaration's page as many as its record of
decisions is long. The loader here does what Django's does, around psycopg's compiled loader,
in about a third of the time per value. Where psycopg has no compiled part, Django's stays."""

from functools import lru_cache

from psycopg import adapters
from psycopg.adapt import Loader
from psycopg.pq import Format

TIMESTAMPTZ = adapters.types["timestamptz"].oid


def compiled_timestamptz_loader() -> type | None:
    """psycopg's own loader of timestamptz text, when it is the compiled one."""
    loader = adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
    return None if loader is None or loader.__module__.startswith("psycopg.") else loader


@lru_cache(maxsize=8)
def loader_for(timezone, compiled: type) -> type:
    """A loader giving what Django's gives: the instant, with `timezone` as its tzinfo."""

    class CompiledTzLoader(Loader):
        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            self._load = compiled(oid, context).load

        def load(self, data):
            return self._load(data).replace(tzinfo=timezone)

    # Django's cursor compares it with the connection's and puts its own loader back when
    # they differ.
    CompiledTzLoader.timezone = timezone
    return CompiledTzLoader


def use_compiled_timestamps(sender, connection, **kwargs):
    """connection_created: a PostgreSQL connection reads timestamps with the compiled loader."""
    if connection.vendor != "postgresql":
        return
    compiled = compiled_timestamptz_loader()
    if compiled is not None:
        loader = loader_for(connection.timezone, compiled)
        connection.connection.adapters.register_loader(TIMESTAMPTZ, loader)

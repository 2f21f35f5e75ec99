import pytest


@pytest.fixture(scope="package", autouse=True)
def _allow_orm_beside_playwright():
    """The sync Playwright API keeps an event loop running in the test thread for the whole
    session, and pytest-django flushes the database of a live-server test after the
    function-scoped `browser_server` has already undone its setting: keep it for the package."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield

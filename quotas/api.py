def register(router):
    """Adds this app's API viewsets to the /api/v1/ router."""

from accounts.models import Membership

SESSION_KEY = "active_membership_id"


class ActiveMembershipMiddleware:
    """Puts the role the user is acting in on the request (`request.membership`). A user with
    several roles picks one; the choice is kept in the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        if request.user.is_authenticated:
            memberships = (
                Membership.objects.filter(user=request.user, is_active=True)
                .select_related("organization")
                .order_by("pk")
            )
            chosen = request.session.get(SESSION_KEY)
            active = None
            for membership in memberships:
                if active is None or membership.pk == chosen:
                    active = membership
            request.membership = active
        return self.get_response(request)

"""The steps every app's page views share around a service call (`core.errors.attempt`):
a page with one form, a button, a form posted from a page that shows others."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from core.errors import attempt


def next_url(request, default: str) -> str:
    """The page a form was posted from (its `next` field) when it is one of ours, else
    `default`: never an address elsewhere."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def tell(request, form) -> None:
    """A form's problems as messages, for when the page no longer shows the form."""
    for errors in form.errors.values():
        for text in errors:
            messages.error(request, text)


def form_page(
    request, template, context, *, form, action, success, then, shown=True, refuse_permission=False
):
    """A page with one form: a valid POST runs the service and goes on to `then` (a URL, or
    a function of what the service made giving one); a form with problems comes back with
    them next to its fields (status 400), what was typed kept. When the page no longer shows
    the form (`shown` false: the action closed meanwhile), its problems become messages."""
    if request.method == "POST":
        done = attempt(
            request, action, form=form, success=success, refuse_permission=refuse_permission
        )
        if done:
            return redirect(then(done.value) if callable(then) else then)
    if form.errors and not shown:
        tell(request, form)
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


def act(request, action, *, success, then, refuse_permission=False):
    """A button with no form: run the service (a refusal becomes a message) and go on to
    `then`, the page the button stands on."""
    attempt(request, action, success=success, refuse_permission=refuse_permission)
    return redirect(then)


def post_form(request, form, action, *, success, then, failed, refuse_permission=False):
    """A form posted from a page: when the service took it, on to `then`; otherwise `failed()`,
    the page again with this form (its problems next to its fields, what was typed kept).
    `refuse_permission`: a `PermissionDenied` is shown like any refusal (see `attempt`)."""
    if attempt(request, action, form=form, success=success, refuse_permission=refuse_permission):
        return redirect(then)
    return failed()

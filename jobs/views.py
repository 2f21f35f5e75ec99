"""A job's progress page, which becomes its result page when the job is done; the progress
as JSON for the page's script; the download of an export's file; the list of one's own jobs.
A job someone may not see answers 404. Each app starts its own jobs from its own pages."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jobs import registry, selectors
from jobs.models import Job
from jobs.services import start_job

PAGE_SIZE = 30
# While a job runs, the page reloads itself this often when scripts are off.
REFRESH_SECONDS = 3


def _visible_job(request, pk) -> Job:
    return get_object_or_404(selectors.visible_jobs(request.user), pk=pk)


def status_of(job: Job) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "finished": job.is_finished,
        "total": job.total,
        "done": job.done,
        "percent": job.percent,
    }


@login_required
def job_list(request):
    page = Paginator(selectors.own_jobs(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for job in page.object_list:
        job.kind_info = registry.kind_or_none(job.kind)
    return render(request, "jobs/job_list.html", {"page": page})


@login_required
def job_detail(request, pk):
    job = _visible_job(request, pk)
    kind = registry.kind_or_none(job.kind)
    return render(
        request,
        "jobs/job_detail.html",
        {
            "job": job,
            "kind": kind,
            "back_url": kind.back(job) if kind and kind.back else "",
            "refresh_seconds": REFRESH_SECONDS,
            "problem_count": job.result.get("problem_count", len(job.errors)),
        },
    )


@login_required
@require_GET
def job_status(request, pk):
    response = JsonResponse(status_of(_visible_job(request, pk)))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def job_download(request, pk):
    job = _visible_job(request, pk)
    if job.status != Job.Status.SUCCEEDED or not job.result_file:
        raise Http404
    response = FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_name or "export.xlsx"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def export_page(
    request, kind: str, *, membership, params: dict, context: dict, id_number_membership=None
):
    """An app's export made by a background job: a POST starts it with `params` and opens the
    job's page; a GET (an old link) asks first, `context` naming what is exported.

    `id_number_membership` is the role in which the requester may include whole ID numbers
    (None: the export masks them, and the option is not offered). Chosen (`full_id_numbers`),
    the job gets `full_id_numbers` and that `membership` in its params, its runner records
    every person written, and it is the requester's alone: colleagues do not see its file."""
    if request.method == "POST":
        if request.POST.get("full_id_numbers"):
            if id_number_membership is None:
                raise PermissionDenied(_("You may not export whole ID numbers."))
            params = {
                **params,
                "full_id_numbers": True,
                "membership": id_number_membership.pk,
            }
            membership = None
        job = start_job(kind=kind, user=request.user, membership=membership, params=params)
        return redirect(job)
    return render(
        request,
        "jobs/start_export.html",
        {
            "kind": registry.get_kind(kind),
            "id_number_option": id_number_membership is not None,
            **context,
        },
    )


def moved_roster_export(request, plan_id):
    """The roster export's page moved to the declarations (applicants:roster-export); old
    links and forms still reach it, a form's POST included (308)."""
    return redirect("applicants:roster-export", plan_id, permanent=True, preserve_request=True)

"""Downloads that must pass a permission check: proof materials and the office's roster.
A file outside the user's scope answers 404, as if it did not exist."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from applicants import selectors
from applicants.roster_export import roster_filename, write_roster

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def material_response(material) -> FileResponse:
    response = FileResponse(
        material.file.open("rb"),
        as_attachment=True,
        filename=material.original_name,
        content_type=material.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def material_download(request, pk):
    return material_response(selectors.get_material(request.user, pk))


def roster_response(plan) -> HttpResponse:
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{roster_filename(plan)}"'
    write_roster(selectors.roster_declarations(plan), response, heading=plan.name)
    return response


@require_GET
@login_required
def plan_roster(request, plan_id):
    return roster_response(get_object_or_404(selectors.office_plans(request.user), pk=plan_id))

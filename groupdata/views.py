"""The group's data pages: what is held, the download (subject access) and the deletion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from journeys.access import get_group_data_for_user, get_group_for_deletion
from journeys.forms import GroupDeleteForm
from mutuals_portal.lib.forms import add_errors

from . import deletion, export


@login_required
def group_data(request, pk):
    access = get_group_data_for_user(request.user, pk)
    return render(
        request,
        "journeys/group_data.html",
        {"access": access, "journey": access.journey, "filename": export.export_filename(access.journey)},
    )


@login_required
def group_data_download(request, pk):
    access = get_group_data_for_user(request.user, pk)
    data = export.group_export(access.journey, by=request.user)
    export.group_export_record(journey=access.journey, by=request.user)
    response = StreamingHttpResponse(export.stream_zip(data), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, data.filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def group_delete(request, pk):
    access = get_group_for_deletion(request.user, pk)
    journey = access.journey
    name = journey.group.name
    form = GroupDeleteForm(request.POST or None, group_name=name)
    if request.method == "POST" and form.is_valid():
        try:
            deletion.staff_group_delete(journey=journey, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{name} has been deleted")
            return redirect("journeys:list")
    return render(
        request,
        "journeys/group_delete.html",
        {
            "access": access,
            "journey": journey,
            "form": form,
            "summary": deletion.deletion_summary(journey),
            # An administrator who is not in the group came from the Django admin.
            "back": reverse("groupdata:group_data", args=[pk])
            if access.is_lead
            else reverse("admin:journeys_staffgroup_change", args=[journey.group_id]),
        },
    )

"""Pages for business-plan packs: list and status, request, retry, download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from journeys.access import require

from . import services
from .access import get_pack_for_user, get_packs_access, may_request
from .forms import PackRequestForm
from .models import BusinessPlanPack


def _render_list(request, access, form, status=200):
    packs = list(access.journey.packs.select_related("requested_by"))
    return render(
        request,
        "packs/list.html",
        {
            "access": access,
            "journey": access.journey,
            "packs": packs,
            "pending": any(p.is_pending for p in packs),
            "may_request": may_request(access),
            "form": form,
        },
        status=status,
    )


@login_required
def pack_list(request, pk):
    access = get_packs_access(request.user, pk)
    return _render_list(request, access, PackRequestForm(initial={"formats": [BusinessPlanPack.Format.BUSINESS_PLAN]}))


@login_required
@require_POST
def pack_request(request, pk):
    access = get_packs_access(request.user, pk)
    require(may_request(access))
    form = PackRequestForm(request.POST)
    if not form.is_valid():
        return _render_list(request, access, form)
    for format in form.cleaned_data["formats"]:
        pack, created = services.pack_request(journey=access.journey, by=request.user, format=format)
        name = f"{pack.format_name} version {pack.version}"
        if created:
            messages.success(request, f"{name} is being produced. This usually takes a few seconds.")
        elif pack.status == pack.Status.READY:
            messages.info(request, f"Nothing has changed since {name}: you can download it below.")
        else:
            messages.info(request, f"{name}, with the same data, is already being produced.")
    return redirect("packs:list", pk=access.journey.pk)


@login_required
@require_POST
def pack_retry(request, pk, pack_pk):
    access, pack = get_pack_for_user(request.user, pk, pack_pk)
    require(may_request(access))
    pack = services.pack_retry(pack=pack, by=request.user)
    messages.success(request, f"Version {pack.version} is being produced again.")
    return redirect("packs:list", pk=access.journey.pk)


@login_required
def pack_download(request, pk, pack_pk):
    _, pack = get_pack_for_user(request.user, pk, pack_pk)
    if pack.status != pack.Status.READY or not pack.file:
        raise Http404("This pack is not ready")
    try:
        handle = pack.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing") from error
    response = FileResponse(handle, as_attachment=True, filename=pack.download_name, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response

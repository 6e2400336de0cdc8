"""Pages for business-plan packs: list and status, request, retry, download, and each pack as a web page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from journeys.access import require
from mutuals_portal.lib.http import private_download

from . import services
from .access import get_pack_for_user, get_packs_access, may_request
from .content import plan_data, source_hash
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
    return private_download(pack.file, pack.download_name, "application/pdf")


@login_required
def pack_page(request, pk, pack_pk):
    """A pack as a web page (GOV.UK styles): the same content as its PDF, from the same context.

    The page is drawn from the plan's current data, so it is shown only while that data is what the
    pack was made from (the same source hash); otherwise the page says so and links to the PDF."""
    access, pack = get_pack_for_user(request.user, pk, pack_pk)
    if pack.status != pack.Status.READY:
        raise Http404("This pack is not ready")
    data = plan_data(access.journey)
    current = source_hash(data) == pack.source_hash
    made_on = (pack.finished_at or pack.requested_at).date()
    context = services.pack_context(data, version=pack.version, on=made_on) if current else {}
    response = render(
        request,
        "packs/page.html",
        {
            **context,
            "pack": pack,
            "journey_pk": access.journey.pk,
            "group_name": access.journey.group.name,
            "current": current,
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response

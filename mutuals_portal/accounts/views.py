from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from mutuals_portal.context_processors import navigation_for


@login_required
def profile(request):
    user = request.user
    memberships = user.memberships.select_related("group", "group__parent_body")
    shortcuts = [item for item in navigation_for(user) if item["href"] != request.path]
    return render(
        request,
        "accounts/profile.html",
        {"memberships": memberships, "shortcuts": shortcuts},
    )

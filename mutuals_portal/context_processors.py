from django.conf import settings


def site(request):
    """The service's name for every page (the rest of the header comes from accounts and notifications)."""
    return {"SITE_NAME": settings.SITE_NAME}

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from .enums import enumerations


@extend_schema(
    summary="Enumerations",
    description="Codes and labels used across the portal: legal forms, ownership models, service areas, "
    "regions, and the statutory Right to Challenge rejection grounds (SI 2012/1647) and relevant-body types.",
    responses={200: OpenApiTypes.OBJECT},
)
@api_view(["GET"])
@permission_classes([AllowAny])
def enumeration_list(request, version):
    return Response(enumerations())


@extend_schema(summary="API index", responses={200: OpenApiTypes.OBJECT})
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request, version):
    base = f"{settings.SITE_URL}/api/{version}/"
    return Response(
        {
            "version": version,
            "documentation": f"{settings.SITE_URL}/api/docs/",
            "schema": f"{settings.SITE_URL}/api/schema/",
            "enumerations": f"{base}enumerations/",
        }
    )

"""Page-number pagination with a strict, documented page size."""

from django.core.paginator import Paginator as DjangoPaginator
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 100


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = "A page number, 1 or more; a page past the last one is a 404."
    page_size_query_description = f"Results per page, 1 to {MAX_PAGE_SIZE} (20 by default)."

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            message = f"Enter a whole number from 1 to {self.max_page_size}."
            raise serializers.ValidationError({self.page_size_query_param: [message]})
        return size

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise serializers.ValidationError({self.page_query_param: ["Enter a whole number, 1 or more."]})
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters


class CaseStudyPagination(Pagination):
    """Pages of case studies, with the facet counts of the whole search (as on the library page)."""

    known_count = None

    def paginate_queryset(self, queryset, request, view=None, count=None):
        """`count`: the number of rows, when already known (then no query counts them)."""
        self.known_count = count
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, object_list, per_page):
        paginator = DjangoPaginator(object_list, per_page)
        if self.known_count is not None:
            paginator.count = self.known_count
        return paginator

    def get_paginated_response(self, data, facets=None):
        response = super().get_paginated_response(data)
        response.data["facets"] = facets or []
        return response

    def get_paginated_response_schema(self, schema):
        result = super().get_paginated_response_schema(schema)
        result["properties"]["facets"] = {"type": "array", "items": FACET_SCHEMA}
        result["required"] = ["count", "results", "facets"]
        return result


FACET_OPTION_SCHEMA = {
    "type": "object",
    "required": ["value", "label", "count", "selected"],
    "properties": {
        "value": {"type": "string", "description": "The value to pass in the facet's query parameter."},
        "label": {"type": "string"},
        "count": {"type": "integer", "description": "Matches with this value, under the other facets' filters."},
        "selected": {"type": "boolean"},
    },
}
FACET_SCHEMA = {
    "type": "object",
    "required": ["key", "label", "options"],
    "properties": {
        "key": {"type": "string", "description": "The query parameter."},
        "label": {"type": "string"},
        "options": {"type": "array", "items": FACET_OPTION_SCHEMA},
    },
}

"""Small HTTP helpers: the API answers errors in JSON, every other page in HTML; private file downloads."""

from django.http import FileResponse, Http404, JsonResponse


def is_api_request(request) -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def private_download(stored_file, filename: str, content_type: str | None = None) -> FileResponse:
    """A stored file (evidence, a document, a pack, a notice) sent to the one person access.py allowed:
    as an attachment, never sniffed or run by the browser, never kept by a shared cache. A file missing
    from storage is a 404, not a 500."""
    try:
        handle = stored_file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing") from error
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response

def axes_username(request, credentials) -> str:
    """The name django-axes counts failures against: the email as sign-in matches it.

    Cut to 255 characters, the length of django-axes's username column.
    """
    source = credentials if credentials else request.POST
    return (source.get("username") or "").strip().lower()[:255]

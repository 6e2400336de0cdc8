"""GOV.UK pagination links for a Django Page (rendered by templates/includes/pagination.html)."""

from collections.abc import Callable


def page_links(page, href: Callable[[int], str]) -> dict | None:
    """Previous/next links and numbered items, eliding long ranges; None for a single page."""
    if page is None or page.paginator.num_pages <= 1:
        return None
    items: list[dict[str, object]] = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "href": href(number), "current": number == page.number})
    return {
        "items": items,
        "previous": href(page.previous_page_number()) if page.has_previous() else "",
        "next": href(page.next_page_number()) if page.has_next() else "",
    }

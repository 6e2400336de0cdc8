// Reflow (WCAG 2.2, 1.4.10): a table wider than the screen scrolls inside its own box, never the
// page. Each such table is wrapped in a region that is labelled (by the table's caption) and that
// keyboard users can focus and scroll. A table that fits is left alone. Without JavaScript the
// stylesheet lets any table scroll by itself on narrow screens.
export function initScrollRegions(root = document) {
  const wrap = (table) => {
    if (table.closest(".app-table-scroll")) return null;
    const region = document.createElement("div");
    region.className = "app-table-scroll app-table-scroll--auto";
    table.parentNode.insertBefore(region, table);
    region.appendChild(table);
    return region;
  };
  const label = (region) => {
    const caption = region.querySelector("caption");
    const text = caption ? caption.textContent.trim().replace(/\s+/g, " ") : "";
    return text ? `${text} (scrolls sideways)` : "Table (scrolls sideways)";
  };
  const regions = [];
  for (const table of root.querySelectorAll("table.govuk-table")) {
    const region = wrap(table);
    if (region) regions.push(region);
  }
  const update = () => {
    for (const region of regions) {
      if (region.scrollWidth > region.clientWidth + 1) {
        region.setAttribute("role", "region");
        region.setAttribute("tabindex", "0");
        region.setAttribute("aria-label", label(region));
      } else {
        region.removeAttribute("role");
        region.removeAttribute("tabindex");
        region.removeAttribute("aria-label");
      }
    }
  };
  update();
  window.addEventListener("resize", update);
}

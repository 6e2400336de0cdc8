"""Reading GOV.UK conditional reveals out of a page's HTML, for the form tests."""

import re


def revealed_by(html: str, field: str, value: str) -> str | None:
    """The block the radio `field`=`value` reveals (through its aria-controls), up to the question's next radio;
    None when the radio reveals nothing."""
    radio = re.search(rf'name="{field}"[^>]*?value="{value}"\s*(?:aria-controls="([^"]+)")?', html)
    assert radio is not None, f"no {field}={value} radio"
    if radio.group(1) is None:
        return None
    start = html.index(f'id="{radio.group(1)}"')
    following = html.find(f'name="{field}"', start)
    return html[start : following if following != -1 else html.index("</fieldset>", start)]


def radio_values(html: str, field: str) -> list[str]:
    return re.findall(rf'name="{field}"[^>]*?value="([^"]+)"', html)

"""Hostile values for form fields: what a careless user, a bad browser or an attacker types."""

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

# Raw markup that, if it ever reaches a page unescaped, runs script. Every response is checked for these.
SCRIPT = '<script>alert("fuzz")</script>'
IMG = '<img src=x onerror=alert("fuzz")>'
RAW_MARKERS = ("<script>alert(", "<img src=x onerror", "<svg onload=")

PAYLOADS = [
    SCRIPT,
    IMG,
    '"><script>alert("fuzz")</script>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "javascript:alert(1)",
    "'; DROP TABLE journeys_task; --",
    "' OR '1'='1",
    '" OR 1=1 --',
    "1; SELECT pg_sleep(5); --",
    "%' AND 1=0 UNION SELECT email, password FROM accounts_user --",
    "{{ request.user.password }}",
    "{% debug %}",
    "${7*7}",
    "%s%s%s%n%x",
    "\u202eredro\u202c",  # right-to-left override
    "\u200b\u200c\u200d\u2060\ufeff",  # zero-width characters only
    "مرحبا بالعالم",
    "שלום עולם",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ｆｕｌｌｗｉｄｔｈ",
    "👩🏽‍💻🏳️‍🌈🇬🇧",
    "Z̷̢̛͓a̶̝l̷̰g̸̣o̵̙",
    "\x00",
    "before\x00after",
    "line one\r\nSet-Cookie: fuzz=1",
    '=HYPERLINK("http://example.invalid","click")',
    "@SUM(1+1)",
    "+44 7700 900123",
    "-2+3",
    "\t=1+1",
    "../../../../etc/passwd",
    "C:\\Windows\\System32\\drivers\\etc\\hosts",
    "",
    " ",
    "\n\n\n",
    "\u3000",  # ideographic space
    "A" * 10_000,
    "é" * 3_000,
]
NUMBERS = [
    "0", "-0", "-1", "1", "1.5", "0.001", "1e309", "-1e309", "1e-309", "NaN", "Infinity", "-Infinity", "sNaN",
    "1_000", "0x10", "1,000", "£5", "5%", "9" * 20, "-" + "9" * 20, "9" * 400, "2147483648", "-2147483649",
    "9223372036854775808", "18446744073709551616", "99999999999999.99", "١٢٣", "１２３", "²", "½",
]  # fmt: skip
DATES = [
    "0", "00", "31", "32", "29", "30", "2", "13", "-1", "1", "9999", "10000", "0001", "1900", "2999", "1752",
    "99999999999999999999", "2024-02-30", "30/02/2024", "1/1/1", "31/12/9999", "01/01/0001", "32/13/2024",
    "2024-13-01", "00/00/0000", "29/02/2023",
]  # fmt: skip
IDS = ["0", "-1", "abc", "1 OR 1=1", "9" * 25, "1.5", "null", "None", "[]", "{}", "1,2", "%00", "' --"]

_characters = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot be sent as UTF-8

hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(_characters, max_size=200),
    st.lists(st.one_of(st.sampled_from(PAYLOADS[:40]), st.text(_characters, max_size=20)), max_size=4).map("".join),
)
hostile_value = st.one_of(
    hostile_text,
    st.sampled_from(NUMBERS),
    st.sampled_from(DATES),
    st.sampled_from(IDS),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
FILE_NAMES = st.one_of(
    st.sampled_from(
        [
            f"{SCRIPT}.pdf",
            f"{IMG}.pdf",
            "../../../etc/passwd.pdf",
            "..\\..\\boot.ini.pdf",
            "a\r\nContent-Type: text/html.pdf",
            "\u202efdp.exe",
            "report.pdf.exe",
            "report.PDF",
            ".pdf",
            "noextension",
            "x" * 400 + ".pdf",
        ]
    ),
    st.text(_characters, min_size=1, max_size=60).map(lambda name: name + ".pdf"),
)
FILE_CONTENTS = st.one_of(
    st.just(PDF),
    st.binary(max_size=2_000),
    st.binary(max_size=500).map(lambda tail: PDF + tail),
    st.sampled_from([b"PK\x03\x04junk", b"\x1f\x8b\x08\x00", b"7z\xbc\xaf\x27\x1c", b"MZ\x90\x00", SCRIPT.encode()]),
)
hostile_file = st.builds(SimpleUploadedFile, FILE_NAMES, FILE_CONTENTS)


EMAILS = [
    '"<script>alert(1)</script>"@example.com',
    "a@b",
    "@example.com",
    "name@",
    "name@example.com\nBcc: victim@example.com",
    "name@" + "x" * 300 + ".com",
    "x" * 250 + "@example.com",
    "ünïcödé@exämple.com",
    "name@[127.0.0.1]",
    "name+tag@example.com",
    "NAME@EXAMPLE.COM",
    " name@example.com ",
    "name@example.com,other@example.com",
    "staff@example.test",  # someone who already has an account
]
_huge = st.integers(min_value=-(10**40), max_value=10**40).map(str)
hostile_number = st.one_of(
    st.sampled_from(NUMBERS),
    _huge,
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    hostile_text,
)
hostile_date_part = st.one_of(
    st.sampled_from(["9" * 20, "2147483648", "99999999999", "10000", "0", "-1", "32", "13", "29"]),
    st.sampled_from(DATES),
    _huge,
    hostile_text,
)
hostile_date = st.one_of(
    st.sampled_from(DATES),
    st.dates().map(lambda d: f"{d.day:02d}/{d.month:02d}/{d.year:04d}"),
    st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}"),
    hostile_text,
)
hostile_email = st.one_of(st.sampled_from(EMAILS), st.emails(), hostile_text)


def hostile_choice(values: list[str]) -> st.SearchStrategy[str]:
    """A choice the page does not offer, an id that is not one, or one it does offer."""
    offered = [st.sampled_from(values)] if values else []
    return st.one_of(st.sampled_from(IDS), _huge, hostile_text, *offered)


def mutations(valid: dict, overrides: dict | None = None) -> st.SearchStrategy[dict]:
    """A form submission: the valid one with some fields (or all of them) replaced by hostile values.

    `overrides` gives a field its own strategy (a file field gets files, not text); a callable
    valid value is called for each submission (an uploaded file can be read only once).
    """
    overrides = overrides or {}
    keys = sorted(valid)

    def hostile_for(key):
        return overrides.get(key, hostile_value)

    @st.composite
    def submission(draw):
        everything = draw(st.booleans()) and draw(st.booleans())  # a quarter of the time: every field at once
        changed = set(keys) if everything else draw(st.sets(st.sampled_from(keys), min_size=1, max_size=3))
        data = {}
        for key in keys:
            value = draw(hostile_for(key)) if key in changed else valid[key]
            if callable(value):
                value = value()  # a file is made afresh for each submission
            if value is not None:
                data[key] = value
        return data

    if not keys:
        return st.just({})
    return submission()

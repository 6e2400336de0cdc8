"""Oldham Care and Support (issue #24): its text stated two things only an unlinked newspaper item backed (the
Oldham Chronicle, 2013, of which no page could be found): that it is now known as MioCare and that it
received 46,000 pounds from the Mutuals Support Programme. Both are dropped with that source; what stays is
backed by a page: set up in 2013 as one of two council-owned companies (Bdaily, 2 October 2013) and its
staff kept their council terms (Community Care)."""

from django.db import migrations

SLUG = "oldham-care-and-support"
CHRONICLE = "Oldham Chronicle, 2013: Oldham Care and Support"
CHRONICLE_POSITION = 2

TEXT = {
    "summary": (
        "An arm's-length adult social care provider owned by Oldham Council, now MioCare. It is a council-owned "
        "company, not a staff mutual.",
        "An adult social care provider that Oldham Council set up as a company it owns. It is a council-owned "
        "company, not a staff mutual.",
    ),
    "body": (
        "Oldham Council set up Oldham Care and Support in 2013 as a council-owned company to provide adult social "
        "care at arm's length. It is now known as MioCare.\n\nIt is included here because it received 46,000 pounds "
        "from the Mutuals Support Programme in 2013 to plan a staff mutual, but it remains owned by the council.",
        "Oldham Council set up Oldham Care and Support in 2013 as one of two council-owned companies to provide its "
        "adult social care at arm's length; the staff who moved to it kept their council terms and conditions.\n\n"
        "It is included here as a council-owned alternative to outsourcing, not as a mutual: it remains owned by "
        "the council, not by or with its staff.",
    ),
}


def _change(CaseStudy, before, after):
    case_study = CaseStudy.objects.filter(slug=SLUG).first()
    if case_study is None:
        return None
    changed = [name for name, values in TEXT.items() if getattr(case_study, name) == values[before]]
    for name in changed:
        setattr(case_study, name, TEXT[name][after])
    if changed:
        case_study.save(update_fields=changed)
    return case_study


def apply(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    Source = apps.get_model("casestudies", "Source")
    _change(CaseStudy, 0, 1)
    Source.objects.filter(case_study__slug=SLUG, title=CHRONICLE, url="", facts__isnull=True).delete()


def unapply(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    Source = apps.get_model("casestudies", "Source")
    case_study = _change(CaseStudy, 1, 0)
    if case_study is not None and not case_study.sources.filter(title=CHRONICLE).exists():
        Source.objects.create(case_study=case_study, title=CHRONICLE, position=CHRONICLE_POSITION)


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0018_public_pages_for_unaddressed_sources")]

    operations = [migrations.RunPython(apply, unapply)]

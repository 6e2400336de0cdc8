"""A staff group's data across every app: the subject-access export and the group's deletion.

It sits above the apps whose records it gathers (journeys, packs, programme, casestudies,
challenges' links, notifications), so none of them needs to know the others."""

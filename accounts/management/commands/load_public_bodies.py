from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts import public_bodies

STARTER = Path(__file__).resolve().parents[2] / "data" / "public_bodies.csv"


class Command(BaseCommand):
    help = (
        "Load public bodies (councils by tier, fire and rescue authorities, NHS bodies) from a CSV file: "
        "the portal's layout or an ONS names-and-codes file. Without FILE, loads the committed starter file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(STARTER), help=f"CSV file (default: {STARTER})")
        parser.add_argument("--source", default="", help="Where an ONS file comes from (its address), for every row")

    def handle(self, *args, file, source, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            try:
                rows = public_bodies.read_rows(handle, source=source)
            except ValueError as error:
                raise CommandError(str(error)) from error
        result = public_bodies.load(rows)
        if result.problems:
            raise CommandError("Nothing was loaded:\n" + "\n".join(result.problems))
        self.stdout.write(f"{result.created} public bodies added, {result.updated} updated, from {path}")

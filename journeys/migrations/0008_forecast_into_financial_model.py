"""Move every financial forecast into the financial model, line by line, without loss.

The forecast's period becomes the model's (3 to 5 years from 1 April of its first year, the start of
the public-sector financial year); each income or cost line keeps its label and its five amounts.
The assumptions the forecast never had (contract price, pay, pensions, VAT) stay blank, so the
model's checks ask for them. The forecast tables are kept (the business-plan pack still reads them).
"""

import datetime

from django.db import migrations

BASIS = "Lines moved from the financial forecast; the other assumptions are still to be entered."


def forward(apps, schema_editor):
    Forecast = apps.get_model("journeys", "Forecast")
    ForecastLine = apps.get_model("journeys", "ForecastLine")
    FinancialModel = apps.get_model("journeys", "FinancialModel")
    FinanceLine = apps.get_model("journeys", "FinanceLine")
    for forecast in Forecast.objects.order_by("pk").iterator():
        if FinancialModel.objects.filter(journey_id=forecast.journey_id).exists():
            continue
        model = FinancialModel.objects.create(
            journey_id=forecast.journey_id,
            years=forecast.years,
            start_on=datetime.date(forecast.first_year, 4, 1),
            basis=BASIS,
        )
        FinanceLine.objects.bulk_create(
            FinanceLine(
                model=model,
                kind=line.kind,
                label=line.label,
                source="Financial forecast",
                year_1=line.year_1,
                year_2=line.year_2,
                year_3=line.year_3,
                year_4=line.year_4,
                year_5=line.year_5,
            )
            for line in ForecastLine.objects.filter(forecast=forecast).order_by("pk")
        )


def backward(apps, schema_editor):
    FinancialModel = apps.get_model("journeys", "FinancialModel")
    FinancialModel.objects.filter(basis=BASIS).delete()


class Migration(migrations.Migration):
    dependencies = [("journeys", "0007_financial_model")]

    operations = [migrations.RunPython(forward, backward)]

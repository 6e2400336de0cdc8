"""Issue #22, point 4: the transfer plan as today's law has it (DOMAIN.md section 5).

Routes of the Procurement Act 2023 (in force 24 February 2025) replace the old ones: a "competitive tender"
becomes the open procedure, and a "Community Right to Challenge" route becomes the open procedure started
by an accepted challenge (a challenge triggers a competition open to any bidder; it is not a route).
Pensions: "NHS Pension Scheme" and "Fair Deal" become New Fair Deal; an LGPS admission agreement's security
starts as "not agreed yet". New: the direct award's justification, the TUPE dates, and the s.33 check.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def to_current_law(apps, schema_editor):
    TransferPlan = apps.get_model("journeys", "TransferPlan")
    TransferPlan.objects.filter(procurement_route="right_to_challenge").update(
        procurement_route="open", right_to_challenge=True
    )
    TransferPlan.objects.filter(procurement_route="competitive_tender").update(procurement_route="open")
    TransferPlan.objects.filter(pension_arrangement__in=["nhs_pension", "fair_deal"]).update(
        pension_arrangement="new_fair_deal"
    )
    TransferPlan.objects.filter(pension_arrangement="lgps_admitted", lgps_security="").update(lgps_security="not_agreed")


def to_old_routes(apps, schema_editor):
    TransferPlan = apps.get_model("journeys", "TransferPlan")
    TransferPlan.objects.filter(right_to_challenge=True).update(procurement_route="right_to_challenge")
    TransferPlan.objects.filter(
        procurement_route__in=["open", "competitive_flexible", "reserved_mutual", "provider_selection"]
    ).update(procurement_route="competitive_tender")
    TransferPlan.objects.filter(pension_arrangement="new_fair_deal").update(pension_arrangement="fair_deal")


class Migration(migrations.Migration):

    dependencies = [
        ('journeys', '0010_catalogue_2025'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='transferplan',
            name='direct_award_justification',
            field=models.TextField(blank=True, help_text='The justification in the Procurement Act 2023 (Schedule 5) the council relies on, and why it applies. The council publishes a transparency notice before it awards the contract.', verbose_name='justification for the direct award'),
        ),
        migrations.AddField(
            model_name='transferplan',
            name='eli_given_on',
            field=models.DateField(blank=True, null=True, verbose_name='date employee liability information was (or will be) given'),
        ),
        migrations.AddField(
            model_name='transferplan',
            name='lgps_security',
            field=models.CharField(blank=True, choices=[('bond', 'A bond'), ('guarantee', 'A guarantee from the council'), ('not_agreed', 'Not agreed yet')], max_length=20, verbose_name='security for the pension fund'),
        ),
        migrations.AddField(
            model_name='transferplan',
            name='right_to_challenge',
            field=models.BooleanField(default=False, help_text='An accepted expression of interest makes the council run a procurement open to any bidder: it is a trigger for competition, not a route to a contract.', verbose_name='an accepted Community Right to Challenge started this procurement'),
        ),
        migrations.AddField(
            model_name='transferplan',
            name='tupe_consultation_on',
            field=models.DateField(blank=True, null=True, verbose_name='date consultation with staff representatives started'),
        ),
        migrations.AlterField(
            model_name='transferplan',
            name='pension_arrangement',
            field=models.CharField(choices=[('lgps_admitted', 'Local Government Pension Scheme admission agreement (council staff)'), ('new_fair_deal', 'New Fair Deal: staff keep their public service scheme (central government and NHS staff)'), ('other', 'Other arrangement')], max_length=20),
        ),
        migrations.AlterField(
            model_name='transferplan',
            name='procurement_route',
            field=models.CharField(help_text='A direct award is allowed only on a justification in the Procurement Act 2023: record it below.', choices=[('competitive_flexible', 'Competitive flexible procedure (Procurement Act 2023)'), ('open', 'Open procedure (Procurement Act 2023)'), ('reserved_mutual', 'Competition reserved to public service mutuals (section 33)'), ('direct_award', 'Direct award'), ('provider_selection', 'NHS Provider Selection Regime (NHS health care services)')], max_length=30),
        ),
        migrations.CreateModel(
            name='ReservedContractCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reservable_service', models.CharField(choices=[('yes', 'Yes'), ('no', 'No'), ('not_known', 'Not known yet')], max_length=10, verbose_name='is the service a reservable light-touch service?')),
                ('max_term_months', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(600)], verbose_name='maximum term of the contract, including any extensions (months)')),
                ('comparable_contract', models.CharField(choices=[('yes', 'Yes'), ('no', 'No'), ('not_known', 'Not known yet')], max_length=10, verbose_name='in the 3 years before the award, has the mutual entered into a comparable section 33 contract?')),
                ('public_service_purpose', models.CharField(choices=[('yes', 'Yes'), ('no', 'No'), ('not_known', 'Not known yet')], max_length=10, verbose_name='does the mutual operate to deliver public services, and mainly reservable light-touch services?')),
                ('profit_basis', models.CharField(choices=[('yes', 'Yes'), ('no', 'No'), ('not_known', 'Not known yet')], max_length=10, verbose_name='is it not for profit, or does it distribute profits only to its members?')),
                ('employee_control', models.CharField(choices=[('yes', 'Yes'), ('no', 'No'), ('not_known', 'Not known yet')], max_length=10, verbose_name='is it under the management and control of its employees?')),
                ('checked_at', models.DateTimeField(auto_now=True)),
                ('checked_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('journey', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='reserved_contract_check', to='journeys.journey')),
            ],
        ),
        migrations.RunPython(to_current_law, to_old_routes),
    ]

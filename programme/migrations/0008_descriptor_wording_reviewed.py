from django.db import migrations


def reword(apps, schema_editor):
    from programme.rubric import reword_descriptors

    reword_descriptors(apps.get_model("referrals", "RubricDescriptor"))


class Migration(migrations.Migration):
    dependencies = [("referrals", "0007_score_moderation")]

    operations = [migrations.RunPython(reword, migrations.RunPython.noop)]

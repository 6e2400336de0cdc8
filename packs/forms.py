"""Forms only validate; packs.services makes the packs."""

from django import forms

from .models import BusinessPlanPack


class PackRequestForm(forms.Form):
    formats = forms.MultipleChoiceField(
        label="Which documents do you want?",
        choices=BusinessPlanPack.Format.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Both are made from the same plan. Select all that apply.",
        error_messages={"required": "Select the business plan, the council decision paper, or both"},
    )

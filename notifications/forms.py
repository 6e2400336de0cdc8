from django import forms

from .events import EVENT_TYPES, Delivery


class PreferencesForm(forms.Form):
    """One radio question per event type; events that cannot be turned off offer no "off"."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for event in EVENT_TYPES:
            choices = [(value, label) for value, label in Delivery.choices if value in event.deliveries]
            self.fields[field_name(event.code)] = forms.ChoiceField(
                label=event.name,
                choices=choices,
                initial=current[event.code] if current.get(event.code) in event.deliveries else event.default,
                widget=forms.RadioSelect,
                help_text=event.description,
                error_messages={
                    "required": f"Select how to hear about: {event.name.lower()}",
                    "invalid_choice": f"Select how to hear about: {event.name.lower()}",
                },
            )

    def choices_by_event(self) -> dict[str, str]:
        return {event.code: self.cleaned_data[field_name(event.code)] for event in EVENT_TYPES}


def field_name(code: str) -> str:
    """Form field names without dots, so that ids work as CSS selectors and anchors."""
    return code.replace(".", "__")

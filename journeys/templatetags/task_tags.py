"""How a task's status reads in a list: one source for the task list and "Your tasks"."""

from django import template

from journeys.overview import STATUS_HTML

register = template.Library()


@register.filter
def task_status(status: str):
    return STATUS_HTML[status]

from celery import shared_task

from . import services


@shared_task(name="jobs.send_unsent")
def send_unsent() -> int:
    """Beat job: send the messages the broker refused while it was down."""
    return services.send_unsent()

from notifications.models import Notification


def extend(world):
    world.objects["notification_for_staff"] = Notification.objects.create(
        recipient=world.user("staff"), event_type="journeys.member_joined", message="Tom joined Group A"
    )

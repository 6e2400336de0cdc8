from .catalogue import StageDefinition, TaskDefinition
from .groups import Invitation, Membership, StaffGroup
from .journey import GateRequest, Journey, JourneyEvent, Stage, StageChange
from .plan import Ballot, BoardSeat, Forecast, ForecastLine, MutualDesign, Risk, TransferPlan
from .tasks import Evidence, Task

__all__ = [
    "Ballot",
    "BoardSeat",
    "Evidence",
    "Forecast",
    "ForecastLine",
    "GateRequest",
    "Invitation",
    "Journey",
    "JourneyEvent",
    "Membership",
    "MutualDesign",
    "Risk",
    "Stage",
    "StageChange",
    "StaffGroup",
    "StageDefinition",
    "Task",
    "TaskDefinition",
    "TransferPlan",
]

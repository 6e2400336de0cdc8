from .after_launch import AnnualDuty, Contract, RegisteredBody, RetenderReminder
from .catalogue import StageDefinition, TaskDefinition
from .council import CouncilDecision
from .groups import Invitation, Membership, StaffGroup
from .journey import GateRequest, Journey, JourneyEvent, Stage, StageChange
from .narrative import PlanNarrative
from .plan import Ballot, BoardSeat, Forecast, ForecastLine, MutualDesign, ReservedContractCheck, Risk, TransferPlan
from .tasks import Evidence, Task

# isort: split
from .comments import Comment, PlanTopic

# isort: split
# The financial model lives in journeys.finance; imported last (it needs Journey).
from ..finance.models import FinanceLine, FinancialModel, Scenario

__all__ = [
    "AnnualDuty",
    "Contract",
    "RegisteredBody",
    "RetenderReminder",
    "Ballot",
    "BoardSeat",
    "Comment",
    "CouncilDecision",
    "Evidence",
    "FinanceLine",
    "FinancialModel",
    "Forecast",
    "ForecastLine",
    "GateRequest",
    "Invitation",
    "Journey",
    "JourneyEvent",
    "Membership",
    "MutualDesign",
    "PlanNarrative",
    "PlanTopic",
    "Risk",
    "Scenario",
    "Stage",
    "StageChange",
    "StaffGroup",
    "StageDefinition",
    "Task",
    "TaskDefinition",
    "ReservedContractCheck",
    "TransferPlan",
]

"""Enumerations shared by several apps."""

from django.db import models


class ServiceArea(models.TextChoices):
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    COMMUNITY_HEALTH = "community_health", "Community health"
    PRIMARY_CARE = "primary_care", "Primary care"
    LIBRARIES = "libraries", "Libraries and archives"
    LEISURE = "leisure", "Leisure, sport and culture"
    YOUTH = "youth", "Youth services"
    CHILDREN = "children", "Children's services"
    LEARNING = "learning", "Education and adult learning"
    HOUSING = "housing", "Housing"
    ENVIRONMENT = "environment", "Environment and waste"
    TRANSPORT = "transport", "Transport"
    BACK_OFFICE = "back_office", "Back-office and professional services"
    OTHER = "other", "Other"


class LegalForm(models.TextChoices):
    """Legal forms a public service mutual can take (being a mutual is not itself a legal form; an employee
    ownership trust is an ownership model, not a legal form). DOMAIN.md section 2."""

    CIC_CLG = "CIC_CLG", "Community interest company limited by guarantee"
    CIC_CLS = "CIC_CLS", "Community interest company limited by shares"
    CLS = "CLS", "Company limited by shares (not for profit)"
    CLG = "CLG", "Company limited by guarantee"
    COOP_SOC = "COOP_SOC", "Co-operative society"
    CBS = "CBS", "Community benefit society"
    CIO = "CIO", "Charitable incorporated organisation (CIO)"
    CHARITY = "CHARITY", "Charity"
    JV = "JV", "Mutual joint venture"
    LATC = "LATC", "Council-owned company"

    @classmethod
    def help_texts(cls) -> dict[str, str]:
        return LEGAL_FORM_HELP


# Who registers and regulates each form (DOMAIN.md section 2: Companies House, the CIC Regulator, the
# Financial Conduct Authority under the Co-operative and Community Benefit Societies Act 2014, the
# Charity Commission).
LEGAL_FORM_HELP: dict[str, str] = {
    LegalForm.CIC_CLG: "A company for social purposes with no shareholders; members guarantee a small sum, usually "
    "1 pound. Registered at Companies House and regulated by the CIC Regulator: an asset lock keeps its assets "
    "for the community, and it files a yearly community interest report (CIC34).",
    LegalForm.CIC_CLS: "A company for social purposes with shareholders, for example staff who each hold a 1 pound "
    "share. Registered at Companies House and regulated by the CIC Regulator: an asset lock and a cap on "
    "dividends, and a yearly community interest report (CIC34).",
    LegalForm.CLS: "A company owned by its shareholders that does not distribute profits, for example one co-owned "
    "by its staff or held by an employee ownership trust. Registered at Companies House.",
    LegalForm.CLG: "A company with members instead of shareholders; often used by charities and social enterprises. "
    "Registered at Companies House.",
    LegalForm.COOP_SOC: "A society owned and run by its members (for example its staff) for their mutual benefit. "
    "Registered with and regulated by the Financial Conduct Authority.",
    LegalForm.CBS: "A society run for the benefit of the community. Formerly an industrial and provident society. "
    "Registered with and regulated by the Financial Conduct Authority. A charitable community benefit society is "
    "an exempt charity: it is not registered with the Charity Commission.",
    LegalForm.CIO: "A charity with its own legal personality and limited liability for its members, registered "
    "with and regulated by the Charity Commission (not Companies House).",
    LegalForm.CHARITY: "An organisation set up for charitable purposes only, regulated by the Charity Commission.",
    LegalForm.JV: "A company jointly owned by a government body, its staff and a private partner. Registered at "
    "Companies House.",
    LegalForm.LATC: "A company owned by the council. It is not a staff mutual.",
}


class OwnershipModel(models.TextChoices):
    """Who owns or controls a mutual."""

    EMPLOYEE_OWNED = "EMPLOYEE_OWNED", "Employee-owned"
    EMPLOYEE_OWNERSHIP_TRUST = "EMPLOYEE_OWNERSHIP_TRUST", "Employee ownership trust"
    MULTI_STAKEHOLDER = "MULTI_STAKEHOLDER", "Multi-stakeholder"
    STAFF_INFLUENCE_NO_SHARES = "STAFF_INFLUENCE_NO_SHARES", "Staff influence without shares"
    COUNCIL_OWNED = "COUNCIL_OWNED", "Council-owned"

    @classmethod
    def help_texts(cls) -> dict[str, str]:
        return OWNERSHIP_MODEL_HELP


OWNERSHIP_MODEL_HELP: dict[str, str] = {
    OwnershipModel.EMPLOYEE_OWNED: "Staff own the organisation, for example each holding a 1 pound share.",
    OwnershipModel.EMPLOYEE_OWNERSHIP_TRUST: "A trust holds the shares of a company on behalf of all its "
    "employees. It is a way of owning a company (usually one limited by shares), not a legal form.",
    OwnershipModel.MULTI_STAKEHOLDER: "Ownership is shared between staff and others, such as service users "
    "and the local community.",
    OwnershipModel.STAFF_INFLUENCE_NO_SHARES: "There are no shareholders; staff influence decisions through "
    "membership and seats on the board.",
    OwnershipModel.COUNCIL_OWNED: "The council owns the organisation. It is not a staff mutual.",
}

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

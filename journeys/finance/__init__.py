"""The business case's financial model: assumptions (models), the engine (compute), its checks."""

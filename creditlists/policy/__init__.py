"""Policy data: the departments' matter lists and quarterly usage reports, and supervision."""

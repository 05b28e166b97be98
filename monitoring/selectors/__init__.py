"""Reads of monitoring: aggregated figures, the dashboard, periods by their codes."""

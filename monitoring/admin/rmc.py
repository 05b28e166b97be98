"""Admin for monitoring."""

"""Writes and business operations of the events app, as plain functions."""

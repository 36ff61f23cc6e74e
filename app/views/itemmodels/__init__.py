"""Thin Qt item models over plain data (columns as an IntEnum with a headers dict)."""

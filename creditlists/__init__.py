"""Validate, merge and publish Wuchang District's red and black lists."""

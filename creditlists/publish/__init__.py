"""Publish: open data, the site model and its pages, feeds, department reports,
the leak check, the output folder rules and the Pelican plugin."""

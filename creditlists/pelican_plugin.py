"""The Pelican plugin: a generator that renders the lists straight from the
merged dataset through the theme's templates (no Markdown file per entry)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from . import schema as s
from .opendata import published_records, write_open_data
from .pipeline import Dataset, compile_dataset
from .reports import write_reports


def dataset_for(settings: dict) -> Dataset:
    """The dataset handed over by ``build_lists.py``, or compiled here for plain ``pelican``."""
    if settings.get("CREDIT_DATASET") is not None:
        return settings["CREDIT_DATASET"]
    as_of = settings.get("CREDIT_AS_OF")
    dataset = compile_dataset(Path(settings["CREDIT_DATA_DIR"]), dt.date.fromisoformat(as_of) if as_of else None)
    write_reports(dataset, Path(settings["CREDIT_REPORTS_DIR"]))
    return dataset


class ListsGenerator(Generator):
    """Writes the home page, the list pages and the open data."""

    def generate_context(self) -> None:
        self.dataset = dataset_for(self.settings)
        records = published_records(self.dataset)
        self.context["credit"] = {
            "as_of": self.dataset.as_of.isoformat(),
            "sample_data": self.settings.get("CREDIT_SAMPLE_DATA", False),
            "counts": {t: sum(1 for r in records if r[s.LIST_TYPE] == t) for t in s.LIST_TYPES},
        }
        self.records = records

    def generate_output(self, writer) -> None:
        write_open_data(self.dataset, Path(self.output_path))
        relative = self.settings["RELATIVE_URLS"]
        writer.write_file("index.html", self.get_template("home"), self.context, relative, page_name="index")
        for slug, list_type in (("red", s.RED), ("black", s.BLACK)):
            rows = [r for r in self.records if r[s.LIST_TYPE] == list_type]
            writer.write_file(f"{slug}/index.html", self.get_template("list"), self.context, relative,
                              page_name=f"{slug}/index", list_type=list_type, rows=rows)


def get_generators(pelican) -> type[Generator]:
    return ListsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)

"""The ``summarize`` command (placeholder while the pipeline is built)."""

import typer

app = typer.Typer()


def main() -> None:
    app()

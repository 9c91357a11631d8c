"""``python -m summarizer`` runs the ``summarize`` command."""

from summarizer.cli import main

if __name__ == "__main__":
    main()

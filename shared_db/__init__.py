"""The data layer both web stacks share: models, engine and sessions, queries, migrations, seeder.

Nothing in this package imports Flask, FastAPI or Pydantic, so either stack (and the
command line) can use it without pulling in the other.
"""

"""Alembic environment: always run online, on the connection the Store hands over."""

from alembic import context

from intel.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("intel migrations run through intel.store.Store, which passes a connection")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

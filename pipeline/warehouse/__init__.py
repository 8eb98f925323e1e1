"""The DuckDB warehouse: schema, migrations, loads and read-only querying."""

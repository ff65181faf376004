"""Knowledge base: schema, migrations, repositories and Dutch full-text search."""

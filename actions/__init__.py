"""Custom actions of the charging-host assistant, one module per flow."""

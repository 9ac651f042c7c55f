"""Pure calculations: finance, M&V, emissions, units, text. Imports nothing from Django."""

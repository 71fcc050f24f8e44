"""Commands: placeholder until this area lands."""

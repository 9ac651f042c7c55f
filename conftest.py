pytest_plugins = ["sxsh.testing.fixtures"]

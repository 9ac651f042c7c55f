from sxsh.core.menu import MenuItem

ITEMS: list[MenuItem] = []

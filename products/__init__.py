"""Intelligence products: builders, charts, rendering (Jinja2 + WeasyPrint) and delivery.

products/ renders plain inputs it defines itself; it never imports intel/.
"""

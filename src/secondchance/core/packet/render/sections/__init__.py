"""One module per packet section, named by its key in ``sections.SECTIONS``; each has
``build(layout) -> list[Flowable]``."""

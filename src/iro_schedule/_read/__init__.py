"""Files to rows: reading what councils hold.

``tables`` decodes CSV files as they really are; ``ssda903`` holds everything the DfE return
means; ``plain`` reads case-system exports; ``rows`` holds the values both produce; ``files``
tells the formats apart.
"""

"""Data policies: the typed policy model, its loader and enforcement helpers.

Empty until the policy issue lands; the top-level package is part of the
layout the user fixed, and `privacy`/`policies` are the leaves every other
package may depend on.
"""

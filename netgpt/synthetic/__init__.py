"""Seeded synthetic edge data: one realistic user per node, full of planted PII.

Each node gets a person living in a real city of its region, with contacts, places,
tastes, GPS fixes and 100-240 casual assistant messages and notes that carry names,
phone numbers, emails, local street addresses, coordinates and card numbers. The
exact PII strings are written next to the records as ground truth, so the
desensitizer can be measured; regional habits give per-region personalization
something to learn, and each user's routines, haunts and wording give their own
adapter something more. Standard library only; same (seed, node) -> same bytes.
"""

from netgpt.synthetic.federation import generate_federation_data
from netgpt.synthetic.regions import REGIONS, Region, region_for_node
from netgpt.synthetic.users import SyntheticUser, generate_user
from netgpt.synthetic.writer import load_records, write_node_data

__all__ = [
    "REGIONS",
    "Region",
    "SyntheticUser",
    "generate_federation_data",
    "generate_user",
    "load_records",
    "region_for_node",
    "write_node_data",
]

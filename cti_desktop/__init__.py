"""CTI Desktop: an overlay for contact-center agents, with CTI Actions, CTI Flows and a local CRM."""

__version__ = "0.1.0"

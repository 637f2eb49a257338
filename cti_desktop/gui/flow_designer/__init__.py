"""The flow designer: a canvas where supervisors see a CTI Flow's blocks and connections and fix them."""

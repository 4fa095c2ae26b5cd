"""Admin views of the review queue; the viewset in contact/review/viewsets.py wires them up."""

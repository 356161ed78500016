"""manualbook: the books of a Thai local government kept while e-LAAS is down (domain core, no Qt)."""
__version__ = "0.1.0"

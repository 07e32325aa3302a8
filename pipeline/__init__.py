"""thidua: structured records about Vietnamese emulation blocs from provincial news."""

__version__ = "0.1.0"

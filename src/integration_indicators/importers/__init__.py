"""Importers of official statistics (World Bank WDI, IMF DOTS)."""
